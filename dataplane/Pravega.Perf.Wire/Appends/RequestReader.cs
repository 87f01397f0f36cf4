using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Pravega.Perf.Common;
using Pravega.Perf.Wire.Commands;

namespace Pravega.Perf.Wire.Appends;

/// <summary>
/// The server side of one connection's request stream: frames in, <see cref="Request"/>s out, with appends
/// reassembled as reference §2.4 step 5 says and without copying their data.
/// </summary>
/// <remarks>
/// <para>An APPEND_BLOCK and its APPEND_BLOCK_END are one unit: <see cref="TryRead"/> answers "need more" until
/// both frames are buffered, then returns one <see cref="Append"/> whose data are slices of the input.</para>
/// <para>Rules enforced (each breach is a <see cref="WireProtocolException"/>; the connection must be closed):
/// only an APPEND_BLOCK_END may follow an APPEND_BLOCK, and for the same writer; the writer must have been set
/// up on this connection; sizeOfWholeEvents must lie within the block; what follows the whole events must be
/// nothing, or exactly one PARTIAL_EVENT or PADDING frame filling the rest of the block; trailing data in the
/// block end needs a PARTIAL_EVENT to continue; numEvents must be positive; a writer's event numbers must not
/// go backwards; EVENT, PARTIAL_EVENT and PADDING may not appear outside a block.</para>
/// <para>An APPEND_BLOCK_END without a block before it is accepted as a block of its own whose data are all
/// whole events: Pravega's Rust client writes appends that way.</para>
/// <para>Not thread-safe: one instance per connection, used by its read loop.</para>
/// </remarks>
public sealed class RequestReader
{
    public const int DefaultMaxWriters = 16384;

    private const int WriterIdLength = 16;

    private readonly Dictionary<Uuid, WriterState> _writers = [];
    private readonly int _maxWriters;

    public RequestReader(int maxWriters = DefaultMaxWriters)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxWriters);
        _maxWriters = maxWriters;
    }

    /// <summary>Writers set up on this connection.</summary>
    public int WriterCount => _writers.Count;

    /// <summary>
    /// Reads the next request at the start of <paramref name="buffer"/>. False means "need more bytes": nothing
    /// was consumed, and the caller should read more and retry with the same start (for a pipe:
    /// <c>AdvanceTo(buffer.Start, buffer.End)</c>). True gives the request and the position after it.
    /// </summary>
    public bool TryRead(in ReadOnlySequence<byte> buffer, out Request request, out SequencePosition consumed)
    {
        consumed = buffer.Start;
        request = default;
        if (!FrameReader.TryReadFrame(buffer, out var frame))
        {
            return false;
        }
        switch (frame.Type)
        {
            case WireCommandType.AppendBlock:
                return TryReadBlock(buffer, frame, out request, out consumed);
            case WireCommandType.AppendBlockEnd:
                request = Request.ForAppend(frame.Type, ReadStandaloneBlockEnd(frame.Payload));
                break;
            case WireCommandType.ConditionalAppend:
                request = Request.ForAppend(frame.Type, ReadConditionalAppend(frame.Payload));
                break;
            case WireCommandType.ConditionalBlockEnd:
                request = Request.ForAppend(frame.Type, ReadConditionalBlockEnd(frame.Payload));
                break;
            case WireCommandType.SetupAppend:
                Register(SetupAppend.Read(frame.Payload));
                request = Request.ForCommand(frame.Type, frame.Payload);
                break;
            case WireCommandType.Event:
            case WireCommandType.PartialEvent:
            case WireCommandType.Padding:
                throw new WireProtocolException(frame.Type, "type", "only allowed inside an APPEND_BLOCK");
            default:
                WireCommandDecoder.Validate(frame.Type, frame.Payload);
                request = Request.ForCommand(frame.Type, frame.Payload);
                break;
        }
        consumed = frame.End;
        return true;
    }

    /// <summary>The segment a writer is set up on, if it is set up here.</summary>
    public bool TryGetSegment(Uuid writerId, out string? segment)
    {
        segment = _writers.TryGetValue(writerId, out var state) ? state.Segment : null;
        return segment is not null;
    }

    /// <summary>Forgets a writer (the server does so after an append error, forcing a new SETUP_APPEND).</summary>
    public bool RemoveWriter(Uuid writerId) => _writers.Remove(writerId);

    private void Register(in SetupAppend setup)
    {
        if (_writers.TryGetValue(setup.WriterId, out var state))
        {
            // A repeated setup (reconnect, retransmission) may move the writer to another segment.
            if (!setup.Segment.Equals(state.Segment))
            {
                state.Segment = setup.Segment.ToString();
            }
            return;
        }
        if (_writers.Count >= _maxWriters)
        {
            throw new WireProtocolException(WireCommandType.SetupAppend, "writerId",
                $"more than {_maxWriters} writers set up on one connection");
        }
        _writers.Add(setup.WriterId, new WriterState(setup.Segment.ToString()));
    }

    private bool TryReadBlock(in ReadOnlySequence<byte> buffer, in Frame block, out Request request, out SequencePosition consumed)
    {
        request = default;
        consumed = buffer.Start;
        if (block.PayloadLength < WriterIdLength)
        {
            throw new WireProtocolException(WireCommandType.AppendBlock, "writerId",
                $"truncated: needs 16 bytes, {block.PayloadLength} left");
        }
        var rest = buffer.Slice(block.End);
        // Check what follows as soon as its header is here, so a wrong command fails before its payload arrives.
        if (!FrameReader.TryReadHeader(rest, out var nextType, out _))
        {
            return false;
        }
        if (nextType != WireCommandType.AppendBlockEnd)
        {
            throw new WireProtocolException(WireCommandType.AppendBlock, "blockEnd",
                $"{WireCommandTypes.GetName(nextType)} between APPEND_BLOCK and its APPEND_BLOCK_END");
        }
        if (!FrameReader.TryReadFrame(rest, out var endFrame))
        {
            return false;
        }
        var writerId = ReadWriterId(block.Payload);
        var end = AppendBlockEnd.Read(endFrame.Payload);
        if (end.WriterId != writerId)
        {
            throw new WireProtocolException(WireCommandType.AppendBlockEnd, "writerId",
                $"block end for writer {end.WriterId}, but the open block is writer {writerId}");
        }
        var state = Lookup(WireCommandType.AppendBlock, writerId);
        var blockData = block.Payload.Slice(WriterIdLength);
        var blockLength = blockData.Length;
        if (end.SizeOfWholeEvents < 0 || end.SizeOfWholeEvents > blockLength)
        {
            throw new WireProtocolException(WireCommandType.AppendBlockEnd, "sizeOfWholeEvents",
                $"{end.SizeOfWholeEvents} is outside the block's {blockLength} bytes");
        }
        var wholeEvents = blockData.Slice(0, end.SizeOfWholeEvents);
        var remainder = blockData.Slice(end.SizeOfWholeEvents);
        var partialHead = ReadOnlySequence<byte>.Empty;
        if (remainder.IsEmpty)
        {
            if (!end.Data.IsEmpty)
            {
                throw new WireProtocolException(WireCommandType.AppendBlockEnd, "data",
                    $"{end.Data.Length} bytes of event tail, but the block does not end with a PARTIAL_EVENT");
            }
        }
        else
        {
            partialHead = ReadBlockTrailer(remainder, end.Data.Length);
        }
        CheckEvents(WireCommandType.AppendBlockEnd, end.NumEvents);
        var append = new Append(writerId, state.Segment, end.NumEvents, end.LastEventNumber, end.RequestId,
            isConditional: false, expectedOffset: -1, new AppendData(wholeEvents, partialHead, end.Data));
        request = Request.ForAppend(WireCommandType.AppendBlock, append);
        consumed = endFrame.End;
        return true;
    }

    /// <summary>
    /// Checks the bytes after the whole events: one PARTIAL_EVENT or PADDING frame filling them exactly.
    /// Returns the partial event's head (empty for padding).
    /// </summary>
    private static ReadOnlySequence<byte> ReadBlockTrailer(in ReadOnlySequence<byte> remainder, long tailLength)
    {
        if (remainder.Length < WireProtocol.HeaderLength)
        {
            throw new WireProtocolException(WireCommandType.AppendBlock, "data",
                $"{remainder.Length} bytes after the whole events cannot hold a PARTIAL_EVENT or PADDING header");
        }
        Span<byte> header = stackalloc byte[WireProtocol.HeaderLength];
        remainder.Slice(0, WireProtocol.HeaderLength).CopyTo(header);
        var code = BinaryPrimitives.ReadInt32BigEndian(header);
        var length = BinaryPrimitives.ReadInt32BigEndian(header[4..]);
        if (code != (int)WireCommandType.PartialEvent && code != (int)WireCommandType.Padding)
        {
            throw new WireProtocolException(WireCommandType.AppendBlock, "data",
                $"expected PARTIAL_EVENT or PADDING after the whole events, found type code {code}");
        }
        var type = (WireCommandType)code;
        var room = remainder.Length - WireProtocol.HeaderLength;
        if (length != room)
        {
            throw new WireProtocolException(type, "length",
                $"{length} does not fill the {room} bytes left in the APPEND_BLOCK");
        }
        if (type == WireCommandType.Padding)
        {
            if (tailLength != 0)
            {
                throw new WireProtocolException(WireCommandType.AppendBlockEnd, "data",
                    $"{tailLength} bytes of event tail, but the block ends with PADDING");
            }
            return ReadOnlySequence<byte>.Empty;
        }
        return remainder.Slice(WireProtocol.HeaderLength);
    }

    private Append ReadStandaloneBlockEnd(in ReadOnlySequence<byte> payload)
    {
        var end = AppendBlockEnd.Read(payload);
        var state = Lookup(WireCommandType.AppendBlockEnd, end.WriterId);
        if (end.SizeOfWholeEvents < 0 || end.SizeOfWholeEvents > end.Data.Length)
        {
            throw new WireProtocolException(WireCommandType.AppendBlockEnd, "sizeOfWholeEvents",
                $"{end.SizeOfWholeEvents} is outside the block end's {end.Data.Length} bytes of data");
        }
        CheckEvents(WireCommandType.AppendBlockEnd, end.NumEvents);
        return new Append(end.WriterId, state.Segment, end.NumEvents, end.LastEventNumber, end.RequestId,
            isConditional: false, expectedOffset: -1, new AppendData(end.Data, default, default));
    }

    private Append ReadConditionalAppend(in ReadOnlySequence<byte> payload)
    {
        var append = ConditionalAppend.Read(payload);
        var state = Lookup(WireCommandType.ConditionalAppend, append.WriterId);
        // The stored bytes are the whole EVENT frame (header included), which sits right before its data.
        const int eventHeaderOffset = WriterIdLength + 8 + 8;
        var eventFrame = payload.Slice(eventHeaderOffset, WireProtocol.HeaderLength + append.EventData.Length);
        return new Append(append.WriterId, state.Segment, 1, append.EventNumber, append.RequestId,
            isConditional: true, append.ExpectedOffset, new AppendData(eventFrame, default, default));
    }

    private Append ReadConditionalBlockEnd(in ReadOnlySequence<byte> payload)
    {
        var blockEnd = ConditionalBlockEnd.Read(payload);
        var state = Lookup(WireCommandType.ConditionalBlockEnd, blockEnd.WriterId);
        return new Append(blockEnd.WriterId, state.Segment, 1, blockEnd.EventNumber, blockEnd.RequestId,
            isConditional: true, blockEnd.ExpectedOffset, new AppendData(blockEnd.Data, default, default));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private WriterState Lookup(WireCommandType type, Uuid writerId)
    {
        if (!_writers.TryGetValue(writerId, out var state))
        {
            ThrowNotSetUp(type, writerId);
        }
        return state;
    }

    /// <summary>An append carries at least one event. Whether its event number follows the writer's last one is the
    /// server session's call (Pravega answers <c>InvalidEventNumber</c>), not a framing error.</summary>
    private static void CheckEvents(WireCommandType type, int numEvents)
    {
        if (numEvents <= 0)
        {
            throw new WireProtocolException(type, "numEvents", $"{numEvents} is not a positive event count");
        }
    }

    private static Uuid ReadWriterId(in ReadOnlySequence<byte> payload)
    {
        var first = payload.FirstSpan;
        if (first.Length >= WriterIdLength)
        {
            return Uuid.ReadBigEndian(first);
        }
        Span<byte> id = stackalloc byte[WriterIdLength];
        payload.Slice(0, WriterIdLength).CopyTo(id);
        return Uuid.ReadBigEndian(id);
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotSetUp(WireCommandType type, Uuid writerId) =>
        throw new WireProtocolException(type, "writerId", $"writer {writerId} was not set up on this connection");
}
