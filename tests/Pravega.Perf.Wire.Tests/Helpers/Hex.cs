namespace Pravega.Perf.Wire.Tests.Helpers;

internal static class Hex
{
    public static byte[] Parse(string hex) => Convert.FromHexString(string.Concat(hex.Where(c => !char.IsWhiteSpace(c))));

    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
