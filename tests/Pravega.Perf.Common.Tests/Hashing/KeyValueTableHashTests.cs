using Pravega.Perf.Common.Hashing;

namespace Pravega.Perf.Common.Tests.Hashing;

public sealed class KeyValueTableHashTests
{
    // Printed by Pravega's Java client (HashHelper.seededWith("KeyValueTableRouter").hashToRange(ByteBuffer.wrap(key)),
    // Double.toString, which round-trips exactly) from a throwaway program against the classpath of tests/java-compat.
    public static TheoryData<string, double> JavaValues => new()
    {
        { "0000000000000000", 0.12010082057125637 },
        { "6b65793030303031", 0.10746373259718034 },   // "key00001"
        { "6b65793030303032", 0.09327182814251267 },   // "key00002"
        { "ff010203", 0.5421472414072597 },
        { "2a", 0.3602131522154499 },
        { "6162636465666768696a6b6c6d6e6f7071", 0.8839038034982261 },   // 17 bytes: one full murmur block and a tail
    };

    [Theory]
    [MemberData(nameof(JavaValues))]
    public void PrimaryKeysHashBitForBitAsPravegasJavaClientRoutesThem(string keyHex, double java)
    {
        var hash = KeyValueTableHash.Hash(Convert.FromHexString(keyHex));
        Assert.True(BitConverter.DoubleToInt64Bits(hash) == BitConverter.DoubleToInt64Bits(java), $"key {keyHex}: got {hash:R}, Java says {java:R}");
    }

    [Fact]
    public void TheSeedIsJavasHashCodeOfTheRouterName() =>
        Assert.Equal(KeyValueTableHash.Seed, Murmur3.JavaStringHashCode("KeyValueTableRouter"));
}
