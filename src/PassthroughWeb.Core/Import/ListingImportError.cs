namespace PassthroughWeb.Core.Import;

/// <summary>Why a text was not imported: nothing is stored for it.</summary>
public sealed record ListingImportError(string Message);
