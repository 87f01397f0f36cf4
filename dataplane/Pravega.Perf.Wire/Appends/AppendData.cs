using System.Buffers;

namespace Pravega.Perf.Wire.Appends;

/// <summary>
/// The bytes of one reassembled append, as up to three slices of the connection's input buffer (no copy): the
/// whole events at the start of the APPEND_BLOCK, the head of a split event (PARTIAL_EVENT payload), and the
/// tail of that event (APPEND_BLOCK_END.data). Concatenated in that order they are the append's data. Valid
/// until the caller advances its input past the request.
/// </summary>
public readonly struct AppendData
{
    public AppendData(in ReadOnlySequence<byte> wholeEvents, in ReadOnlySequence<byte> partialHead, in ReadOnlySequence<byte> tail)
    {
        WholeEvents = wholeEvents;
        PartialHead = partialHead;
        Tail = tail;
    }

    public ReadOnlySequence<byte> WholeEvents { get; }

    public ReadOnlySequence<byte> PartialHead { get; }

    public ReadOnlySequence<byte> Tail { get; }

    public long Length => WholeEvents.Length + PartialHead.Length + Tail.Length;

    /// <summary>Copies the concatenated data; <paramref name="destination"/> must hold <see cref="Length"/> bytes.</summary>
    public void CopyTo(Span<byte> destination)
    {
        WholeEvents.CopyTo(destination);
        destination = destination[(int)WholeEvents.Length..];
        PartialHead.CopyTo(destination);
        destination = destination[(int)PartialHead.Length..];
        Tail.CopyTo(destination);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>Enumerates the non-empty memory segments of all parts in order (for scatter/gather writes).</summary>
    public Enumerator GetEnumerator() => new(this);

    public struct Enumerator
    {
        private readonly AppendData _data;
        private int _part;
        private ReadOnlySequence<byte>.Enumerator _inner;

        internal Enumerator(AppendData data)
        {
            _data = data;
            _part = 0;
            _inner = data.WholeEvents.GetEnumerator();
            Current = default;
        }

        public ReadOnlyMemory<byte> Current { get; private set; }

        public bool MoveNext()
        {
            while (true)
            {
                while (_inner.MoveNext())
                {
                    if (!_inner.Current.IsEmpty)
                    {
                        Current = _inner.Current;
                        return true;
                    }
                }
                _part++;
                switch (_part)
                {
                    case 1:
                        _inner = _data.PartialHead.GetEnumerator();
                        break;
                    case 2:
                        _inner = _data.Tail.GetEnumerator();
                        break;
                    default:
                        return false;
                }
            }
        }
    }
}
