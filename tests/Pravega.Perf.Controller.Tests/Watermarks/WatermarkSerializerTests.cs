using Pravega.Perf.Client.Watermarks;

namespace Pravega.Perf.Controller.Tests.Watermarks;

/// <summary>
/// The golden bytes were derived by hand from the VersionedSerializer format (reference §6), then confirmed
/// byte for byte by Pravega's own serializer (<c>tests/java-compat/WatermarkBytes.java</c> prints them).
/// </summary>
public sealed class WatermarkSerializerTests
{
    // 00 00 01 00 | 00000039 (57-byte revision) | lower 1000 | upper 2000 | count 01 |
    // 00 00 01 00 00000018 (nested SegmentWithRange) | id 1 | 0.0 | 0.5 | offset 42
    private const string OneSegment =
        "00000100" + "00000039" + "00000000000003e8" + "00000000000007d0" + "01"
        + "00000100" + "00000018" + "0000000000000001" + "0000000000000000" + "3fe0000000000000" + "000000000000002a";

    // Printed by Pravega's Watermark.toByteBuf() for lower -5, upper Long.MAX_VALUE, {(epoch 1, number 3) [0.25, 1) → -1, 2 [0, 0.25) → 7}.
    private const string TwoSegmentsFromJava =
        "0000010000000061fffffffffffffffb7fffffffffffffff02000001000000001800000001000000033fd00000000000003ff0000000000000ffffffffffffffff"
        + "0000010000000018000000000000000200000000000000003fd00000000000000000000000000007";

    [Fact]
    public void A_watermark_of_one_segment_is_the_hand_derived_bytes()
    {
        var watermark = new Watermark(1000, 2000, new Dictionary<SegmentWithRange, long> { [new SegmentWithRange(1, 0.0, 0.5)] = 42 });
        Assert.Equal(OneSegment, Convert.ToHexStringLower(WatermarkSerializer.ToBytes(watermark)));
    }

    [Fact]
    public void Negative_times_segment_ids_with_epochs_and_end_offsets_match_Pravegas_bytes()
    {
        var cut = new Dictionary<SegmentWithRange, long>
        {
            [new SegmentWithRange((1L << 32) | 3, 0.25, 1.0)] = -1,
            [new SegmentWithRange(2, 0.0, 0.25)] = 7,
        };
        var bytes = WatermarkSerializer.ToBytes(new Watermark(-5, long.MaxValue, cut));
        Assert.Equal(TwoSegmentsFromJava, Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void Two_hundred_segments_count_as_a_two_byte_compact_int_as_in_Pravega()
    {
        var cut = Enumerable.Range(0, 200).ToDictionary(i => new SegmentWithRange(i, i / 200.0, (i + 1) / 200.0), i => i * 10L);
        var bytes = WatermarkSerializer.ToBytes(new Watermark(1, 2, cut));
        // Pravega: length 8026, starting 0000010000001f52 0000000000000001 0000000000000002 80c8 00000100.
        Assert.Equal(8026, bytes.Length);
        Assert.StartsWith("0000010000001f520000000000000001000000000000000280c800000100", Convert.ToHexStringLower(bytes), StringComparison.Ordinal);
        var back = WatermarkSerializer.FromBytes(bytes);
        Assert.Equal(200, back.StreamCut.Count);
        Assert.Equal(1990, back.StreamCut[new SegmentWithRange(199, 199 / 200.0, 1.0)]);
    }

    [Fact]
    public void Pravegas_bytes_decode_to_the_same_watermark()
    {
        var watermark = WatermarkSerializer.FromBytes(Convert.FromHexString(TwoSegmentsFromJava));
        Assert.Equal(-5, watermark.LowerTimeBound);
        Assert.Equal(long.MaxValue, watermark.UpperTimeBound);
        Assert.Equal(-1, watermark.StreamCut[new SegmentWithRange((1L << 32) | 3, 0.25, 1.0)]);
        Assert.Equal(7, watermark.StreamCut[new SegmentWithRange(2, 0.0, 0.25)]);
    }

    [Fact]
    public void A_later_revision_written_by_a_newer_version_is_skipped()
    {
        // Revision count 2, and revision 1 of three unknown bytes after revision 0.
        var bytes = Convert.FromHexString(OneSegment);
        bytes[2] = 2;
        var extended = bytes.Concat(Convert.FromHexString("0100000003aabbcc")).ToArray();
        var watermark = WatermarkSerializer.FromBytes(extended);
        Assert.Equal(1000, watermark.LowerTimeBound);
        Assert.Equal(42, Assert.Single(watermark.StreamCut).Value);
    }

    [Fact]
    public void Cut_short_or_foreign_bytes_are_refused()
    {
        var bytes = Convert.FromHexString(OneSegment);
        Assert.Throws<InvalidDataException>(() => WatermarkSerializer.FromBytes(bytes.AsSpan(0, bytes.Length - 1)));
        bytes[0] = 1;
        Assert.Throws<InvalidDataException>(() => WatermarkSerializer.FromBytes(bytes));
    }
}
