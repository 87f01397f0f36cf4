using System.Buffers;
using System.Buffers.Binary;

namespace Pravega.Perf.Wire.Events;

/// <summary>
/// Walks the events in a range of segment bytes. <see cref="TryReadNext"/> returns each event's payload as a
/// slice; it returns false at the end of the range or when only part of an event is there
/// (<see cref="Remaining"/> then holds those bytes, to be completed by the next read). A header whose type is
/// not EVENT (0), or whose length is negative or above the limit, is a <see cref="WireProtocolException"/>.
/// </summary>
public ref struct EventFrameReader
{
    private readonly int _maxEventLength;
    private ReadOnlySequence<byte> _remaining;
    private long _consumed;

    public EventFrameReader(in ReadOnlySequence<byte> data, int maxEventLength = WireProtocol.MaxPayloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxEventLength);
        _remaining = data;
        _maxEventLength = maxEventLength;
        _consumed = 0;
    }

    /// <summary>Bytes of whole events read so far.</summary>
    public readonly long Consumed => _consumed;

    /// <summary>Bytes not yet returned: empty at the end, else the start of an incomplete event.</summary>
    public readonly ReadOnlySequence<byte> Remaining => _remaining;

    public bool TryReadNext(out ReadOnlySequence<byte> payload)
    {
        payload = default;
        if (_remaining.Length < EventFrame.HeaderLength)
        {
            return false;
        }
        int type;
        int length;
        var first = _remaining.FirstSpan;
        if (first.Length >= EventFrame.HeaderLength)
        {
            type = BinaryPrimitives.ReadInt32BigEndian(first);
            length = BinaryPrimitives.ReadInt32BigEndian(first[4..]);
        }
        else
        {
            Span<byte> header = stackalloc byte[EventFrame.HeaderLength];
            _remaining.Slice(0, EventFrame.HeaderLength).CopyTo(header);
            type = BinaryPrimitives.ReadInt32BigEndian(header);
            length = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        }
        if (type != (int)WireCommandType.Event)
        {
            throw new WireProtocolException(WireCommandType.Event, "type",
                $"expected EVENT (0) at event offset {_consumed}, found type code {type}");
        }
        if (length < 0 || length > _maxEventLength)
        {
            throw new WireProtocolException(WireCommandType.Event, "length",
                $"event length {length} at event offset {_consumed} is outside 0..{_maxEventLength}");
        }
        var total = EventFrame.HeaderLength + (long)length;
        if (_remaining.Length < total)
        {
            return false;
        }
        payload = _remaining.Slice(EventFrame.HeaderLength, length);
        _remaining = _remaining.Slice(total);
        _consumed += total;
        return true;
    }
}
