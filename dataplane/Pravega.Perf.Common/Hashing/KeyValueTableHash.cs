namespace Pravega.Perf.Common.Hashing;

/// <summary>
/// Pravega's key-value table routing (<c>HashHelper.seededWith("KeyValueTableRouter").hashToRange(primaryKey)</c>): the
/// primary key's bytes through murmur3_128, then 52 bits of <c>h1</c> as a double in [0, 1). A client picks the partition
/// whose key range holds this value, so .NET and Java clients must agree on it bit for bit.
/// </summary>
public static class KeyValueTableHash
{
    /// <summary><c>"KeyValueTableRouter".hashCode()</c> in Java.</summary>
    public const int Seed = -2020233499;

    /// <summary>The position of <paramref name="primaryKey"/> in the key space [0, 1).</summary>
    public static double Hash(ReadOnlySpan<byte> primaryKey) => RoutingKeyHash.ToUnitInterval(Murmur3.HashBytes(primaryKey, Seed).AsLong());
}
