using Pravega.Perf.Common.Hashing;
using Pravega.Perf.Common.Naming;

namespace Pravega.Perf.Common.Tests.Hashing;

public sealed class ConsistentHashTests
{
    [Fact]
    public void BucketMatchesGuavaForEdgeAndRandomInputsAndBucketCountsUpToIntMax()
    {
        var count = 0;
        foreach (var (input, buckets, bucket) in GuavaVectors.ConsistentHashes)
        {
            Assert.True(bucket == ConsistentHash.Bucket(input, buckets), $"input {input}, {buckets} buckets");
            count++;
        }
        Assert.True(count >= 400, $"expected at least 400 vectors, found {count}");
    }

    [Fact]
    public void BucketOfEveryKeysMapperHashMatchesGuavaForEveryBucketCount()
    {
        foreach (var v in GuavaVectors.Keys)
        {
            var h = Murmur3.HashUnencodedChars(v.Key, SegmentToContainerMapper.Seed).AsLong();
            for (var i = 0; i < GuavaVectors.KeyBuckets.Length; i++)
            {
                var n = GuavaVectors.KeyBuckets[i];
                Assert.True(v.Buckets[i] == ConsistentHash.Bucket(h, n), $"{v.Describe()}, {n} buckets");
            }
        }
    }

    [Fact]
    public void ANonPositiveBucketCountIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ConsistentHash.Bucket(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConsistentHash.Bucket(1, -3));
    }

    [Fact]
    public void GrowingTheBucketCountByOneMovesKeysOnlyIntoTheNewBucket()
    {
        var rng = new Random(5);
        for (var i = 0; i < 2000; i++)
        {
            var input = rng.NextInt64(long.MinValue, long.MaxValue);
            var before = ConsistentHash.Bucket(input, 9);
            var after = ConsistentHash.Bucket(input, 10);
            Assert.True(after == before || after == 9, $"input {input} moved from {before} to {after}");
        }
    }
}
