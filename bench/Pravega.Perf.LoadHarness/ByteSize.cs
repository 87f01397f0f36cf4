using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Pravega.Perf.LoadHarness;

/// <summary>Sizes on the command line: <c>100</c>, <c>1KiB</c>, <c>512k</c>, <c>4MiB</c>, <c>1G</c> (binary multiples).</summary>
internal static class ByteSize
{
    public static long Parse(string text)
    {
        var s = text.Trim();
        var digits = 0;
        while (digits < s.Length && (char.IsAsciiDigit(s[digits]) || s[digits] == '.'))
        {
            digits++;
        }
        if (digits == 0 || !double.TryParse(s.AsSpan(0, digits), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            throw new FormatException($"'{text}' is not a size (e.g. 100, 1KiB, 4MiB)");
        }
        var multiplier = s[digits..].Trim().ToUpperInvariant() switch
        {
            "" or "B" => 1L,
            "K" or "KB" or "KIB" => 1L << 10,
            "M" or "MB" or "MIB" => 1L << 20,
            "G" or "GB" or "GIB" => 1L << 30,
            _ => throw new FormatException($"'{text}': unknown size unit"),
        };
        return checked((long)(number * multiplier));
    }

    public static Option<long> Option(string name, string description, long defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => ParseToken(result),
    };

    public static Option<long[]> ListOption(string name, string description, long[] defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => [.. result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Select(Parse)],
        AllowMultipleArgumentsPerToken = true,
    };

    private static long ParseToken(ArgumentResult result)
    {
        try
        {
            return Parse(result.Tokens.Single().Value);
        }
        catch (FormatException e)
        {
            result.AddError(e.Message);
            return 0;
        }
    }
}
