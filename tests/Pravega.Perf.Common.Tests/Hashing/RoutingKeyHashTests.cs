using Pravega.Perf.Common.Hashing;

namespace Pravega.Perf.Common.Tests.Hashing;

public sealed class RoutingKeyHashTests
{
    [Fact]
    public void RoutingKeyHashIsBitForBitGuavasHashToRangeForEveryKeyVector()
    {
        foreach (var v in GuavaVectors.Keys)
        {
            var d = RoutingKeyHash.Hash(v.Key);
            Assert.True(BitConverter.DoubleToInt64Bits(d) == v.RoutingDoubleBits,
                $"{v.Describe()}: got {d:R} (bits {BitConverter.DoubleToInt64Bits(d):x16}), expected bits {v.RoutingDoubleBits:x16}");
            Assert.True(d is >= 0.0 and < 1.0, $"{v.Describe()}: {d:R} is outside [0, 1)");
        }
    }

    [Fact]
    public void TheUnitIntervalMappingSpansZeroToJustBelowOne()
    {
        Assert.Equal(0.0, RoutingKeyHash.ToUnitInterval(0));
        Assert.Equal(0.0, RoutingKeyHash.ToUnitInterval(0xFFF));
        Assert.Equal(1.0 - Math.Pow(2, -52), RoutingKeyHash.ToUnitInterval(-1));
        Assert.Equal(0.5, RoutingKeyHash.ToUnitInterval(long.MinValue));
    }
}
