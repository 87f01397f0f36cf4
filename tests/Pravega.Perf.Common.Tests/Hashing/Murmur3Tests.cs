using Pravega.Perf.Common.Hashing;
using Pravega.Perf.Common.Naming;

namespace Pravega.Perf.Common.Tests.Hashing;

public sealed class Murmur3Tests
{
    [Fact]
    public void HashUnencodedCharsMatchesGuavaForEveryKeyVectorWithBothPravegaSeeds()
    {
        var count = 0;
        foreach (var v in GuavaVectors.Keys)
        {
            var r = Murmur3.HashUnencodedChars(v.Key, RoutingKeyHash.Seed);
            var m = Murmur3.HashUnencodedChars(v.Key, SegmentToContainerMapper.Seed);
            Assert.True(new Murmur3Hash(v.RouterH1, v.RouterH2) == r, $"EventRouter seed, {v.Describe()}: got {r}");
            Assert.True(new Murmur3Hash(v.MapperH1, v.MapperH2) == m, $"SegmentToContainerMapper seed, {v.Describe()}: got {m}");
            count++;
        }
        Assert.True(count >= 300, $"expected at least 300 key vectors, found {count}");
    }

    [Fact]
    public void HashBytesMatchesGuavaForEveryLengthUpTo48WithTheNegativeKeyValueTableSeed()
    {
        var seed = Murmur3.JavaStringHashCode("KeyValueTableRouter");
        var count = 0;
        foreach (var (bytes, h1, h2) in GuavaVectors.Bytes)
        {
            var h = Murmur3.HashBytes(bytes, seed);
            Assert.True(new Murmur3Hash(h1, h2) == h, $"{bytes.Length} bytes {Convert.ToHexString(bytes)}: got {h}");
            count++;
        }
        Assert.Equal(49, count);
    }

    [Fact]
    public void JavaStringHashCodeGivesPravegasSeeds()
    {
        Assert.Equal(1741865571, Murmur3.JavaStringHashCode("EventRouter"));
        Assert.Equal(1661405012, Murmur3.JavaStringHashCode("SegmentToContainerMapper"));
        Assert.Equal(-2020233499, Murmur3.JavaStringHashCode("KeyValueTableRouter"));
        Assert.Equal(0, Murmur3.JavaStringHashCode(string.Empty));
    }

    [Fact]
    public void AsLongAndWriteBytesFollowGuavasByteOrder()
    {
        var h = new Murmur3Hash(0x0102030405060708L, 0x1112131415161718L);
        Span<byte> b = stackalloc byte[16];
        h.WriteBytes(b);
        Assert.Equal(h.H1, h.AsLong());
        Assert.Equal(
            new byte[] { 8, 7, 6, 5, 4, 3, 2, 1, 0x18, 0x17, 0x16, 0x15, 0x14, 0x13, 0x12, 0x11 },
            b.ToArray());
    }

    [Fact]
    public void HashingAKeyAllocatesNothing()
    {
        var key = "a routing key that is longer than one block, with a tail";
        Murmur3.HashUnencodedChars(key, RoutingKeyHash.Seed);
        var before = GC.GetAllocatedBytesForCurrentThread();
        long sink = 0;
        for (var i = 0; i < 1000; i++)
        {
            sink += Murmur3.HashUnencodedChars(key, RoutingKeyHash.Seed).H1;
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"1000 hashes allocated {allocated} bytes (sink {sink})");
    }
}
