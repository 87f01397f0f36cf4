using System.Text;
using System.Text.Json;

namespace Pravega.Perf.Cli.Verbs;

/// <summary>What verbs print: aligned tables for people, JSON (camelCase, stable field names) for scripts.</summary>
internal static class Output
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private static readonly JsonSerializerOptions JsonLineOptions = new(JsonSerializerDefaults.Web);

    public static string ToJson(object value, bool indented = true) => JsonSerializer.Serialize(value, indented ? JsonOptions : JsonLineOptions);

    public static Task JsonAsync(object value) => Console.Out.WriteLineAsync(ToJson(value));

    /// <summary>A table with a header row; columns as wide as their widest cell.</summary>
    public static Task TableAsync(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { headers };
        all.AddRange(rows);
        var widths = headers.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in all)
        {
            for (var i = 0; i < row.Count; i++)
            {
                text.Append(i == row.Count - 1 ? row[i] : row[i].PadRight(widths[i] + 2));
            }
            text.AppendLine();
        }
        return Console.Out.WriteAsync(text.ToString());
    }

    /// <summary>Name/value lines for one object.</summary>
    public static Task PairsAsync(IEnumerable<(string Name, string Value)> pairs)
    {
        var list = pairs.ToList();
        var width = list.Max(p => p.Name.Length) + 2;
        return Console.Out.WriteAsync(string.Concat(list.Select(p => $"{(p.Name + ":").PadRight(width)}{p.Value}{Environment.NewLine}")));
    }

    /// <summary>A one-line confirmation, or <c>{"ok":true,...}</c> with <c>--json</c>.</summary>
    public static Task DoneAsync(bool json, string message, object details) =>
        json ? JsonAsync(details) : Console.Out.WriteLineAsync(message);
}
