using System.Globalization;

namespace Pravega.Perf.Common.Tests.Hashing;

/// <summary>The records of Data/guava-vectors.tsv, printed by Data/GuavaVectors.java with the real Guava.</summary>
internal static class GuavaVectors
{
    public static readonly int[] KeyBuckets = [1, 4, 16, 100, 1024];
    public static readonly int[] ContainerCounts = [1, 4, 8, 64];

    private static readonly Lazy<string[][]> Lines = new(() =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Data", "guava-vectors.tsv"))
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l.Split('\t'))
            .ToArray());

    public static IEnumerable<KeyVector> Keys => Records("K").Select(f => new KeyVector(
        DecodeChars(f[1]), long.Parse(f[2], CultureInfo.InvariantCulture), long.Parse(f[3], CultureInfo.InvariantCulture),
        long.Parse(f[4], CultureInfo.InvariantCulture), long.Parse(f[5], CultureInfo.InvariantCulture),
        long.Parse(f[6], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
        f[7..].Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray()));

    public static IEnumerable<(long Input, int Buckets, int Bucket)> ConsistentHashes => Records("C").Select(f => (
        long.Parse(f[1], CultureInfo.InvariantCulture), int.Parse(f[2], CultureInfo.InvariantCulture),
        int.Parse(f[3], CultureInfo.InvariantCulture)));

    public static IEnumerable<(byte[] Bytes, long H1, long H2)> Bytes => Records("B").Select(f => (
        f[1] == "-" ? [] : Convert.FromHexString(f[1]), long.Parse(f[2], CultureInfo.InvariantCulture),
        long.Parse(f[3], CultureInfo.InvariantCulture)));

    public static IEnumerable<SegmentVector> Segments => Records("S").Select(f => new SegmentVector(
        f[1], f[2], f[3..].Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray()));

    public static IEnumerable<(string Name, bool UserScope, bool UserStream, bool InternalStream)> Names =>
        Records("V").Select(f => (DecodeChars(f[1]), f[2] == "1", f[3] == "1", f[4] == "1"));

    private static IEnumerable<string[]> Records(string type) => Lines.Value.Where(f => f[0] == type);

    // Keys are written as UTF-16 code units in hex so that tabs, newlines and lone surrogates survive the file.
    private static string DecodeChars(string hex)
    {
        if (hex == "-")
        {
            return string.Empty;
        }
        var chars = new char[hex.Length / 4];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)ushort.Parse(hex.AsSpan(i * 4, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        }
        return new string(chars);
    }

    public sealed record KeyVector(
        string Key, long RouterH1, long RouterH2, long MapperH1, long MapperH2, long RoutingDoubleBits, int[] Buckets)
    {
        public string Describe() => $"key [{string.Join(' ', Key.Select(c => ((int)c).ToString("x4", CultureInfo.InvariantCulture)))}] (length {Key.Length})";
    }

    public sealed record SegmentVector(string Name, string Primary, int[] Containers);
}
