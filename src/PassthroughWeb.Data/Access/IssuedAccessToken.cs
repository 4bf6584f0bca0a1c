namespace PassthroughWeb.Data.Access;

/// <summary>A token just created: its record, and the secret, which exists only here and is shown once.</summary>
public sealed record IssuedAccessToken(AccessTokenRecord Record, string Secret);
