namespace Pravega.Perf.Common.Naming;

/// <summary>
/// Pravega's name rules (its <c>NameUtils.validate*</c>): user scopes, streams, key-value tables, reader groups and
/// reader/writer ids are one or more of ASCII letters, digits, '.' and '-' (Java's <c>\p{Alnum}</c> is ASCII-only);
/// internal names may start with one '_'. Streams given by users are kept 5 characters short of the 255 limit so
/// that Pravega can add its prefixes (<c>_RG</c>, <c>_MARK</c>) and suffixes (<c>_kvtable</c> is longer, but
/// Pravega checks only this).
/// </summary>
public static class NameValidation
{
    /// <summary>Longest name the host permits.</summary>
    public const int MaxNameLength = 255;

    /// <summary>Longest stream-like name a user may give.</summary>
    public const int MaxGivenNameLength = MaxNameLength - 5;

    public static bool IsValidUserScopeName(ReadOnlySpan<char> name) => name.Length <= MaxNameLength && IsNameBody(name);

    public static bool IsValidUserStreamName(ReadOnlySpan<char> name) => name.Length <= MaxGivenNameLength && IsNameBody(name);

    /// <summary>Internal stream (and scope) names: an optional leading '_' before a user-style name, at most 255 long.</summary>
    public static bool IsValidStreamName(ReadOnlySpan<char> name) =>
        name.Length <= MaxNameLength && IsNameBody(name.Length > 0 && name[0] == '_' ? name[1..] : name);

    public static string ValidateUserScopeName(string name) =>
        Check(name, IsValidUserScopeName(name), MaxNameLength, "scope");

    public static string ValidateUserStreamName(string name) =>
        Check(name, IsValidUserStreamName(name), MaxGivenNameLength, "stream");

    public static string ValidateStreamName(string name) =>
        Check(name, IsValidStreamName(name), MaxNameLength, "internal stream");

    /// <summary>Pravega validates scope names in internal contexts with the internal-stream rule.</summary>
    public static string ValidateScopeName(string name) =>
        Check(name, IsValidStreamName(name), MaxNameLength, "scope");

    public static string ValidateUserKeyValueTableName(string name) =>
        Check(name, IsValidUserStreamName(name), MaxGivenNameLength, "key-value table");

    public static string ValidateReaderGroupName(string name) =>
        Check(name, IsValidUserStreamName(name), MaxGivenNameLength, "reader group");

    public static string ValidateReaderId(string name) =>
        Check(name, IsValidUserStreamName(name), MaxGivenNameLength, "reader id");

    public static string ValidateWriterId(string name) =>
        Check(name, IsValidUserStreamName(name), MaxGivenNameLength, "writer id");

    private static bool IsNameBody(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty)
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '.' || c == '-'))
            {
                return false;
            }
        }
        return true;
    }

    private static string Check(string name, bool valid, int maxLength, string what)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!valid)
        {
            throw new ArgumentException(
                name.Length > maxLength
                    ? $"{what} name cannot exceed {maxLength} characters (got {name.Length})"
                    : $"{what} name '{name}' must be one or more of a-z, A-Z, 0-9, '.', '-'",
                nameof(name));
        }
        return name;
    }
}
