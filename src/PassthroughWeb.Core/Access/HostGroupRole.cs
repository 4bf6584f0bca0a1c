namespace PassthroughWeb.Core.Access;

/// <summary>Members of the host group <paramref name="Group"/> may sign in with their host account and get <paramref name="Role"/>.</summary>
public sealed record HostGroupRole(string Group, Role Role)
{
    /// <summary>
    /// The role a host account gets from its groups: the highest role of the mapped groups it belongs to, or null when
    /// it belongs to none (then it may not sign in).
    /// </summary>
    public static Role? RoleFor(IEnumerable<string> memberOf, IEnumerable<HostGroupRole> mapping)
    {
        ArgumentNullException.ThrowIfNull(memberOf);
        ArgumentNullException.ThrowIfNull(mapping);
        var groups = memberOf.ToHashSet(StringComparer.Ordinal);
        var roles = mapping.Where(m => groups.Contains(m.Group)).Select(m => m.Role).ToList();
        return roles.Count == 0 ? null : roles.Max();
    }

    /// <summary>The mapping as the settings page shows it: one <c>group role</c> pair a line.</summary>
    public static string Format(IEnumerable<HostGroupRole> mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        return string.Join('\n', mapping.Select(m => $"{m.Group} {m.Role}"));
    }

    /// <summary>
    /// Reads one <c>group role</c> pair a line (blank lines ignored). Every wrong line is reported at once, each
    /// by its number; a group named twice is an error, since its role would be ambiguous.
    /// </summary>
    public static (IReadOnlyList<HostGroupRole> Mapping, IReadOnlyList<string> Errors) Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var mapping = new List<HostGroupRole>();
        var errors = new List<string>();
        var lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var parts = lines[i].Split([' ', '\t', '=', ':'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0) continue;
            var number = i + 1;
            if (parts.Length != 2) { errors.Add($"Line {number}: write a group and a role, e.g. \"sudo Admin\"."); continue; }
            if (!IsGroupName(parts[0])) { errors.Add($"Line {number}: '{parts[0]}' is not a group name."); continue; }
            if (!Enum.TryParse<Role>(parts[1], ignoreCase: true, out var role) || !Enum.IsDefined(role) || int.TryParse(parts[1], out _))
            {
                errors.Add($"Line {number}: '{parts[1]}' is not a role (Viewer, Operator or Admin).");
                continue;
            }
            if (mapping.Any(m => m.Group == parts[0])) { errors.Add($"Line {number}: the group '{parts[0]}' is mapped twice."); continue; }
            mapping.Add(new HostGroupRole(parts[0], role));
        }
        return (mapping, errors);
    }

    // The POSIX portable set plus what shadow-utils' useradd/groupadd accept by default (a trailing $ for machine accounts).
    private static bool IsGroupName(string name) =>
        name.Length is > 0 and <= 32 && name[0] != '-' &&
        name.Select((c, i) => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' || (c == '$' && i == name.Length - 1)).All(ok => ok);
}
