using System.CommandLine;
using System.Text.RegularExpressions;

namespace Pravega.Perf.Cli.Verbs;

/// <summary>
/// Name arguments, checked before anything is sent: Pravega's rule for user scopes, streams, reader groups and
/// tables (letters, digits, '-' and '.'), so a typo is exit code 2 rather than a round trip.
/// </summary>
internal static partial class Names
{
    [GeneratedRegex(@"^[A-Za-z0-9.\-]+$")]
    private static partial Regex Valid();

    public static Argument<string> Scope() => Name("scope", "The scope (a namespace of streams).");

    public static Argument<string> Stream() => Name("stream", "The stream, as <scope>/<stream>.");

    public static Argument<string> Name(string name, string description)
    {
        var argument = new Argument<string>(name) { Description = description };
        argument.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>() ?? "";
            foreach (var part in name == "stream" || name == "table" || name == "group" ? value.Split('/') : [value])
            {
                if (part.Length == 0 || part.Length > 255 || !Valid().IsMatch(part))
                {
                    result.AddError($"'{value}' is not a valid {name} name: use letters, digits, '-' and '.'" +
                        (name is "stream" or "table" or "group" ? $", as <scope>/<{name}>" : ""));
                    return;
                }
            }
            if (name is "stream" or "table" or "group" && value.Count(c => c == '/') != 1)
            {
                result.AddError($"'{value}' must be <scope>/<{name}>");
            }
        });
        return argument;
    }

    /// <summary>Splits a validated <c>scope/name</c>.</summary>
    public static (string Scope, string Name) Split(string scoped)
    {
        var slash = scoped.IndexOf('/');
        return (scoped[..slash], scoped[(slash + 1)..]);
    }
}
