namespace Pravega.Perf.IntegrationTests.Helpers;

/// <summary>Assertions that say what broke.</summary>
public static class Check
{
    public static void Equal<T>(T expected, T actual, string what) =>
        Assert.True(EqualityComparer<T>.Default.Equals(expected, actual), $"{what}: expected {expected}, got {actual}");

    public static void Bytes(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual, string what)
    {
        if (expected.SequenceEqual(actual))
        {
            return;
        }
        var common = expected.CommonPrefixLength(actual);
        Assert.Fail($"{what}: {actual.Length} bytes differ from the expected {expected.Length} at offset {common}");
    }
}
