namespace Pravega.Perf.SegmentStore.Metadata;

/// <summary>
/// Which WAL frames hold a segment's live (not truncated) bytes: one entry per frame, in segment-offset order, each
/// with the end offset of the segment's bytes in that frame. The oldest address over all segments bounds how far the
/// WAL may be truncated: until Tier-2 exists, the WAL is the only durable copy of the bytes. Committed side only.
/// </summary>
internal sealed class WalExtents
{
    private readonly List<(long Address, long EndOffset)> _extents = [];
    private int _head;

    /// <summary><see cref="MinAddress"/> as last computed; <see cref="long.MinValue"/> when it must be computed again
    /// (an entry holding it was dropped). The storage writer asks for it per dirty segment on every pass.</summary>
    private long _min = long.MaxValue;

    public int Count => _extents.Count - _head;

    /// <summary>The oldest frame holding live bytes, or <see cref="long.MaxValue"/>. Usually the first entry's, but a
    /// merge appends the source's entries, which may be older.</summary>
    public long MinAddress
    {
        get
        {
            if (_min == long.MinValue)
            {
                var min = long.MaxValue;
                for (var i = _head; i < _extents.Count; i++)
                {
                    min = Math.Min(min, _extents[i].Address);
                }
                _min = min;
            }
            return _min;
        }
    }

    public IEnumerable<(long Address, long EndOffset)> Live => _extents.Skip(_head);

    /// <summary>
    /// One entry covers up to this much WAL: a segment appended to in every frame would otherwise cost an entry per
    /// frame. The entry keeps its first frame's address, so it pins at most this much more log than needed.
    /// </summary>
    public const long Granularity = 1L << 20;

    /// <summary>Records that the segment's bytes up to <paramref name="endOffset"/> are (also) in the frame at
    /// <paramref name="address"/>.</summary>
    public void Add(long address, long endOffset)
    {
        if (Count > 0 && address >= _extents[^1].Address && address - _extents[^1].Address < Granularity)
        {
            _extents[^1] = (_extents[^1].Address, endOffset);
        }
        else
        {
            _extents.Add((address, endOffset));
            if (_min != long.MinValue)
            {
                _min = Math.Min(_min, address);
            }
        }
    }

    /// <summary>Forgets the frames that hold only bytes below <paramref name="startOffset"/>.</summary>
    public void TruncateBefore(long startOffset)
    {
        while (_head < _extents.Count && _extents[_head].EndOffset <= startOffset)
        {
            if (_extents[_head].Address == _min)
            {
                _min = long.MinValue;
            }
            _head++;
        }
        if (_head > 64 && _head * 2 > _extents.Count)
        {
            _extents.RemoveRange(0, _head);
            _head = 0;
        }
    }
}
