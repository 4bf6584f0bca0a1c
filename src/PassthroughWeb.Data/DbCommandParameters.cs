using System.Data.Common;

namespace PassthroughWeb.Data;

/// <summary>Named parameters on a provider's command: <c>@name</c> reads the same in SQLite and PostgreSQL.</summary>
internal static class DbCommandParameters
{
    public static void Add(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
