using System.Buffers;

namespace Pravega.Perf.Wire;

/// <summary>Small helpers over byte sequences.</summary>
public static class Bytes
{
    /// <summary>Content equality of two sequences, whatever their segmentation; allocates nothing.</summary>
    public static bool SequenceEqual(in ReadOnlySequence<byte> a, in ReadOnlySequence<byte> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }
        if (a.IsSingleSegment && b.IsSingleSegment)
        {
            return a.FirstSpan.SequenceEqual(b.FirstSpan);
        }
        var ra = new SequenceReader<byte>(a);
        var rb = new SequenceReader<byte>(b);
        while (!ra.End)
        {
            var sa = ra.UnreadSpan;
            var sb = rb.UnreadSpan;
            var n = Math.Min(sa.Length, sb.Length);
            if (!sa[..n].SequenceEqual(sb[..n]))
            {
                return false;
            }
            ra.Advance(n);
            rb.Advance(n);
        }
        return true;
    }
}
