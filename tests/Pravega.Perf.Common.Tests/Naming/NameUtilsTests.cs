using Pravega.Perf.Common.Naming;

namespace Pravega.Perf.Common.Tests.Naming;

public sealed class NameUtilsTests
{
    private static readonly Uuid TxnId = new(0x0000000500000001L, unchecked((long)0xfedcba9876543210UL));

    [Fact]
    public void SegmentIdPutsTheEpochHighAndTheNumberLowAndComesBack()
    {
        var id = NameUtils.ComputeSegmentId(7, 3);
        Assert.Equal((3L << 32) | 7, id);
        Assert.Equal(7, NameUtils.GetSegmentNumber(id));
        Assert.Equal(3, NameUtils.GetEpoch(id));
        var max = NameUtils.ComputeSegmentId(int.MaxValue, int.MaxValue);
        Assert.Equal(int.MaxValue, NameUtils.GetSegmentNumber(max));
        Assert.Equal(int.MaxValue, NameUtils.GetEpoch(max));
        Assert.Throws<ArgumentOutOfRangeException>(() => NameUtils.ComputeSegmentId(-1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => NameUtils.ComputeSegmentId(0, -1));
    }

    [Fact]
    public void QualifiedNamesAlwaysCarryTheEpochSuffix()
    {
        Assert.Equal("sc/st/0.#epoch.0", NameUtils.GetQualifiedStreamSegmentName("sc", "st", 0));
        Assert.Equal("sc/st/7.#epoch.3", NameUtils.GetQualifiedStreamSegmentName("sc", "st", NameUtils.ComputeSegmentId(7, 3)));
        Assert.Equal("st/2.#epoch.1", NameUtils.GetQualifiedStreamSegmentName(null, "st", NameUtils.ComputeSegmentId(2, 1)));
        Assert.Equal("sc/kv_kvtable/1.#epoch.0", NameUtils.GetQualifiedTableSegmentName("sc", "kv", 1));
    }

    [Fact]
    public void TransactionNamesUseSixteenHexDigitsPerHalfAndResolveToTheirParent()
    {
        var name = NameUtils.GetTransactionSegmentName("sc/st/1.#epoch.5", TxnId);
        Assert.Equal("sc/st/1.#epoch.5#transaction.0000000500000001fedcba9876543210", name);
        Assert.True(NameUtils.IsTransactionSegment(name), name);
        Assert.False(NameUtils.IsTransientSegment(name), name);
        Assert.True(NameUtils.TryGetParentSegmentName(name, out var parent), name);
        Assert.Equal("sc/st/1.#epoch.5", parent.ToString());
        Assert.Equal("sc/st/1", NameUtils.GetPrimarySegmentName(name).ToString());
        Assert.Equal(5, NameUtils.GetEpoch(TxnId));
    }

    [Fact]
    public void TransientNamesCarryTheWriterIdThenAUniqueIdAndResolveToTheirParent()
    {
        var writer = new Uuid(1, 2);
        var unique = new Uuid(-1, 3);
        var name = NameUtils.GetTransientSegmentName("sc/st/0.#epoch.0", writer, unique);
        Assert.Equal(
            "sc/st/0.#epoch.0#transient.00000000000000010000000000000002.ffffffffffffffff0000000000000003", name);
        Assert.True(NameUtils.IsTransientSegment(name), name);
        Assert.False(NameUtils.IsTransactionSegment(name), name);
        Assert.True(NameUtils.TryGetParentSegmentName(name, out var parent), name);
        Assert.Equal("sc/st/0.#epoch.0", parent.ToString());
        var random = NameUtils.GetTransientSegmentName("sc/st/0.#epoch.0", writer);
        Assert.StartsWith("sc/st/0.#epoch.0#transient.00000000000000010000000000000002.", random, StringComparison.Ordinal);
        Assert.Equal(name.Length, random.Length);
    }

    [Fact]
    public void ADelimiterFollowedByTooShortAnIdIsNotAChild()
    {
        Assert.False(NameUtils.IsTransactionSegment("sc/st/1#transaction.0123"), "short transaction id");
        Assert.False(NameUtils.IsTransientSegment("sc/st/1#transient.0123"), "short transient id");
        Assert.False(NameUtils.TryGetParentSegmentName("sc/st/1.#epoch.0", out _), "plain segment");
    }

    [Fact]
    public void MetaSegmentNamesAreSuffixesThatCannotBeAppliedTwice()
    {
        const string Segment = "sc/st/1.#epoch.0";
        Assert.Equal(Segment + "#index", NameUtils.GetIndexSegmentName(Segment));
        Assert.Equal(Segment + "$attributes.index", NameUtils.GetAttributeSegmentName(Segment));
        Assert.Equal(Segment + "$header", NameUtils.GetHeaderSegmentName(Segment));
        Assert.True(NameUtils.IsIndexSegment(Segment + "#index"), "index");
        Assert.True(NameUtils.IsAttributeSegment(Segment + "$attributes.index"), "attributes");
        Assert.True(NameUtils.IsHeaderSegment(Segment + "$header"), "header");
        Assert.Equal(Segment, NameUtils.GetSegmentNameFromHeader(Segment + "$header"));
        Assert.Throws<ArgumentException>(() => NameUtils.GetIndexSegmentName(Segment + "#index"));
        Assert.Throws<ArgumentException>(() => NameUtils.GetAttributeSegmentName(Segment + "$attributes.index"));
        Assert.Throws<ArgumentException>(() => NameUtils.GetHeaderSegmentName(Segment + "$header"));
        Assert.Throws<ArgumentException>(() => NameUtils.GetSegmentNameFromHeader(Segment));
    }

    [Fact]
    public void SystemNamesFollowPravegasFormats()
    {
        Assert.Equal("_system/containers/metadata_3", NameUtils.GetMetadataSegmentName(3));
        Assert.Equal("_system/containers/storage_metadata_3", NameUtils.GetStorageMetadataSegmentName(3));
        Assert.True(NameUtils.IsMetadataSegmentName("_system/containers/metadata_3"), "metadata");
        Assert.False(NameUtils.IsMetadataSegmentName("_system/containers/storage_metadata_3"), "storage is not container metadata");
        Assert.True(NameUtils.IsStorageMetadataSegmentName("_system/containers/storage_metadata_3"), "storage metadata");
        Assert.Equal("_system/containers/_sysjournal.epoch4.container2.file9", NameUtils.GetSystemJournalFileName(2, 4, 9));
        Assert.Equal("_system/containers/event_processor_gc_1", NameUtils.GetEventProcessorSegmentName(1, "gc"));
        Assert.Equal("_system/_tables/scopes", NameUtils.GetQualifiedTableName(NameUtils.InternalScopeName, "scopes"));
        Assert.Equal("sc/_tables/st/metadata.#.1", NameUtils.GetQualifiedTableName("sc", "st", "metadata.#.1"));
        Assert.Equal("_RGgroup", NameUtils.GetStreamForReaderGroup("group"));
        Assert.Equal("_MARKorders", NameUtils.GetMarkStreamForStream("orders"));
        Assert.Equal("_requeststream", NameUtils.GetInternalNameForStream("requeststream"));
        Assert.Throws<ArgumentOutOfRangeException>(() => NameUtils.GetMetadataSegmentName(-1));
        Assert.Throws<ArgumentException>(() => NameUtils.GetQualifiedTableName("sc"));
    }

    [Fact]
    public void OnlyPlainSegmentsOfUserStreamsAreUserStreamSegments()
    {
        Assert.True(NameUtils.IsUserStreamSegment("sc/orders/0.#epoch.0"), "plain");
        Assert.False(NameUtils.IsUserStreamSegment("sc/orders/0.#epoch.0#index"), "index");
        Assert.False(NameUtils.IsUserStreamSegment("sc/_tables/x"), "table");
        Assert.False(NameUtils.IsUserStreamSegment("_system/_requeststream/0.#epoch.0"), "internal stream");
        Assert.False(NameUtils.IsUserStreamSegment(NameUtils.GetTransactionSegmentName("sc/orders/0.#epoch.0", TxnId)), "txn");
        Assert.False(NameUtils.IsUserStreamSegment("sc/orders"), "two tokens");
        Assert.True(NameUtils.IsTableSegment("sc/_tables/x"), "table segment");
        Assert.False(NameUtils.IsTableSegment("sc/_tables"), "too few tokens for a table");
    }
}
