using System.Globalization;

namespace Pravega.Perf.Cli.Verbs;

/// <summary>Sizes (<c>100</c>, <c>64KiB</c>, <c>1GiB</c>, <c>10MB</c>) and durations (<c>30s</c>, <c>15m</c>, <c>24h</c>, <c>7d</c>) as users type them.</summary>
internal static class Values
{
    private static readonly (string Suffix, long Factor)[] SizeSuffixes =
    [
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40),
        ("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000), ("TB", 1_000_000_000_000), ("B", 1),
    ];

    public static long Size(string option, string text)
    {
        foreach (var (suffix, factor) in SizeSuffixes.Append(("", 1L)))
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && long.TryParse(text.AsSpan(0, text.Length - suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
                && value <= long.MaxValue / factor)
            {
                return value * factor;
            }
        }
        throw VerbFailure.BadArguments($"{option} '{text}' is not a size: use bytes or a suffix such as 64KiB, 10MB, 1GiB");
    }

    public static TimeSpan Duration(string option, string text)
    {
        var unit = text.Length > 0 ? text[^1] : ' ';
        if (long.TryParse(text.AsSpan(0, Math.Max(0, text.Length - 1)), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            switch (unit)
            {
                case 's': return TimeSpan.FromSeconds(value);
                case 'm': return TimeSpan.FromMinutes(value);
                case 'h': return TimeSpan.FromHours(value);
                case 'd': return TimeSpan.FromDays(value);
            }
        }
        throw VerbFailure.BadArguments($"{option} '{text}' is not a duration: use a number with s, m, h or d, such as 30m or 7d");
    }

    public static DateTimeOffset Time(string option, string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var millis)
                ? DateTimeOffset.FromUnixTimeMilliseconds(millis)
                : throw VerbFailure.BadArguments($"{option} '{text}' is not a time: use ISO 8601 (2026-12-05T17:00:00Z) or Unix milliseconds");
}
