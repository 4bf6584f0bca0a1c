namespace PassthroughWeb.Data.Copying;

/// <summary>One table of the model, and how many of its rows a copy wrote.</summary>
public sealed record CopiedTable(string Table, long Rows);
