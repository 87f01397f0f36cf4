using System.Buffers;
using System.Runtime.CompilerServices;
using Pravega.Perf.Common;
using Pravega.Perf.Wire.Commands;
using Pravega.Perf.Wire.Events;

namespace Pravega.Perf.Wire.Appends;

/// <summary>
/// The client side of the append stream on one connection (reference §2.4 steps 2–3): batches each writer's
/// events into APPEND_BLOCKs the way Pravega's client encoder does, byte for byte.
/// </summary>
/// <remarks>
/// <para>The first event when no block is open asks <see cref="IAppendBlockSizeSource"/> for a block size B.
/// If B exceeds the event frame, the block is announced as 16 + B + 8 bytes (the 8 reserve room for the
/// header of the PARTIAL_EVENT or PADDING that always closes such a block) and stays open for further events
/// of the same writer; otherwise the event gets an exact-size block, closed at once. An event that does not
/// fit the bytes left is split: its head fills the block as a PARTIAL_EVENT, its tail travels in the
/// APPEND_BLOCK_END. Events of other writers that arrive while a block is open are queued and sent as
/// exact-size blocks when it closes (or sooner when over 1 MiB or 500 events). Any other command, and
/// <see cref="CloseOpenBlock"/> (the client's 20 ms batch timer), first pads and ends the open block and
/// flushes the queues.</para>
/// <para>Not thread-safe: the connection's send path owns it.</para>
/// </remarks>
public sealed class AppendBlockWriter
{
    /// <summary>Queued bytes of one writer that force a flush (Pravega's MAX_QUEUED_SIZE).</summary>
    public const int MaxQueuedBytes = 1024 * 1024;

    /// <summary>Queued events of one writer that force a flush (Pravega's MAX_QUEUED_EVENTS).</summary>
    public const int MaxQueuedEvents = 500;

    private const int WriterIdLength = 16;

    private const int SmallEvent = 4096;

    /// <summary>Largest B whose announced frame (16 + B + 8) is still legal.</summary>
    private const int MaxBlockSize = WireProtocol.MaxPayloadLength - WriterIdLength - WireProtocol.HeaderLength;

    private readonly IBufferWriter<byte> _output;
    private readonly IAppendBlockSizeSource _blockSizes;
    private readonly Dictionary<Uuid, AppendSession> _sessions = [];
    private readonly List<AppendSession> _queued = [];

    private AppendSession? _blockOwner;
    private AppendSession? _lastSession;
    private int _blockSize;
    private int _bytesInBlock;
    private int _blockEvents;
    private long _blockLastEventNumber;
    private long _blockToken;

    public AppendBlockWriter(IBufferWriter<byte> output, IAppendBlockSizeSource blockSizes)
    {
        _output = output;
        _blockSizes = blockSizes;
    }

    /// <summary>True while a batched block is open (waiting for more events or for <see cref="CloseOpenBlock"/>).</summary>
    public bool HasOpenBlock => _blockOwner is not null;

    /// <summary>Writers set up through this writer.</summary>
    public int SessionCount => _sessions.Count;

    /// <summary>
    /// Writes any command except the append-stream ones. A SETUP_APPEND also registers its writer. The open
    /// block is closed and the queues flushed first, so the command never lands inside a block.
    /// </summary>
    public void WriteCommand<T>(in T command)
        where T : struct, IWireCommand
    {
        var type = command.Type;
        if (type is WireCommandType.AppendBlock or WireCommandType.AppendBlockEnd or WireCommandType.PartialEvent
            or WireCommandType.Padding or WireCommandType.Event)
        {
            throw new ArgumentException($"{WireCommandTypes.GetName(type)} is written by Append, not as a command", nameof(command));
        }
        if (typeof(T) == typeof(SetupAppend))
        {
            ref readonly var setup = ref Unsafe.As<T, SetupAppend>(ref Unsafe.AsRef(in command));
            Register(setup.WriterId, setup.RequestId);
        }
        CloseOpenBlock();
        command.WriteTo(_output);
    }

    /// <summary>Appends one event: <paramref name="payload"/> is framed as <c>[0][length][payload]</c>.</summary>
    public void Append(Uuid writerId, long eventNumber, ReadOnlySpan<byte> payload)
    {
        Span<byte> header = stackalloc byte[EventFrame.HeaderLength];
        EventFrame.WriteHeader(header, payload.Length);
        Append(writerId, eventNumber, header, payload);
    }

    /// <summary>Appends bytes that are already in their stored form (framed events, or a byte stream's raw bytes).</summary>
    public void AppendRaw(Uuid writerId, long eventNumber, ReadOnlySpan<byte> data) => Append(writerId, eventNumber, [], data);

    /// <summary>Pads and ends the open block and flushes queued events: what the batch timer does.</summary>
    public void CloseOpenBlock()
    {
        if (_blockOwner is { } owner)
        {
            var padding = _blockSize - _bytesInBlock;
            var w = new PayloadWriter(_output);
            w.WriteInt32((int)WireCommandType.Padding);
            w.WriteInt32(padding);
            w.WriteZeros(padding);
            w.Flush();
            WriteBlockEnd(owner, _bytesInBlock, [], _blockEvents, _blockLastEventNumber);
            _blockOwner = null;
        }
        FlushQueued();
    }

    /// <summary>
    /// The batch timer's tick (Pravega's <c>batchTimeout</c>): pass the token the previous tick returned
    /// (initially −1). When the same block is still open as at the previous tick, it is closed. Returns the
    /// token for the next tick.
    /// </summary>
    public long BatchTimeout(long token)
    {
        if (_blockOwner is not null && token == _blockToken)
        {
            CloseOpenBlock();
        }
        return _blockToken;
    }

    /// <summary>Forgets a writer (after an error reply forced it to set up again); its queued events are dropped.</summary>
    public bool RemoveSession(Uuid writerId)
    {
        if (!_sessions.Remove(writerId, out var session))
        {
            return false;
        }
        if (ReferenceEquals(_lastSession, session))
        {
            _lastSession = null;
        }
        if (ReferenceEquals(_blockOwner, session))
        {
            CloseOpenBlock();
        }
        _queued.Remove(session);
        session.ClearQueue();
        return true;
    }

    private void Register(Uuid writerId, long requestId)
    {
        if (_sessions.TryGetValue(writerId, out var session))
        {
            session.RequestId = requestId;
            session.LastEventNumber = WireProtocol.NullAttributeValue;
            return;
        }
        _sessions.Add(writerId, new AppendSession(writerId, requestId));
    }

    private void Append(Uuid writerId, long eventNumber, ReadOnlySpan<byte> head, ReadOnlySpan<byte> body)
    {
        // A writer usually sends runs of events: skip the dictionary for the same writer as last time.
        var session = _lastSession;
        if (session is null || session.WriterId != writerId)
        {
            if (!_sessions.TryGetValue(writerId, out session))
            {
                throw new InvalidOperationException($"writer {writerId} has no SETUP_APPEND on this connection");
            }
            _lastSession = session;
        }
        if (eventNumber <= session.LastEventNumber)
        {
            throw new ArgumentOutOfRangeException(nameof(eventNumber), eventNumber,
                $"event numbers must increase (writer {writerId} is at {session.LastEventNumber})");
        }
        var size = head.Length + body.Length;
        if (size == 0)
        {
            throw new ArgumentException("an append must carry data", nameof(body));
        }
        session.LastEventNumber = eventNumber;
        if (_blockOwner is null)
        {
            StartBlock(session, eventNumber, head, body, size);
        }
        else if (ReferenceEquals(_blockOwner, session))
        {
            ContinueBlock(session, eventNumber, head, body, size);
        }
        else
        {
            if (session.QueuedEvents == 0)
            {
                _queued.Add(session);
            }
            session.Enqueue(head, body, eventNumber);
            if (session.QueuedBytes > MaxQueuedBytes || session.QueuedEvents > MaxQueuedEvents)
            {
                CloseOpenBlock();
            }
        }
    }

    private void StartBlock(AppendSession session, long eventNumber, ReadOnlySpan<byte> head, ReadOnlySpan<byte> body, int size)
    {
        var blockSize = Math.Clamp(_blockSizes.GetAppendBlockSize(), 0, MaxBlockSize);
        var w = new PayloadWriter(_output);
        if (blockSize > size)
        {
            w.WriteHeader(WireCommandType.AppendBlock, WriterIdLength + blockSize + WireProtocol.HeaderLength);
            w.WriteUuid(session.WriterId);
            w.WriteBytes(head);
            w.WriteBytes(body);
            w.Flush();
            _blockOwner = session;
            _blockSize = blockSize;
            _bytesInBlock = size;
            _blockEvents = 1;
            _blockLastEventNumber = eventNumber;
            _blockToken++;
            return;
        }
        w.WriteHeader(WireCommandType.AppendBlock, WriterIdLength + size);
        w.WriteUuid(session.WriterId);
        w.WriteBytes(head);
        w.WriteBytes(body);
        w.Flush();
        WriteBlockEnd(session, size, [], 1, eventNumber);
    }

    private void ContinueBlock(AppendSession session, long eventNumber, ReadOnlySpan<byte> head, ReadOnlySpan<byte> body, int size)
    {
        var left = _blockSize - _bytesInBlock;
        if (left > size)
        {
            WriteEvent(head, body, size);
            _bytesInBlock += size;
            _blockEvents++;
            _blockLastEventNumber = eventNumber;
            return;
        }
        // Split: the head fills the block exactly as a PARTIAL_EVENT, the tail goes into the block end.
        var w = new PayloadWriter(_output);
        w.WriteInt32((int)WireCommandType.PartialEvent);
        w.WriteInt32(left);
        var fromHead = Math.Min(left, head.Length);
        w.WriteBytes(head[..fromHead]);
        w.WriteBytes(body[..(left - fromHead)]);
        w.Flush();
        var tailHead = head[fromHead..];
        var tailBody = body[(left - fromHead)..];
        var bytesInBlock = _bytesInBlock;
        var events = _blockEvents + 1;
        _blockOwner = null;
        WriteBlockEnd(session, bytesInBlock, tailHead, tailBody, events, eventNumber);
        FlushQueued();
    }

    /// <summary>The hot path: one event into the open block, with a single span for small events.</summary>
    private void WriteEvent(ReadOnlySpan<byte> head, ReadOnlySpan<byte> body, int size)
    {
        // Small events take one span; big ones go through chunked copies so a pipe never allocates an oversized segment.
        if (size <= SmallEvent)
        {
            var span = _output.GetSpan(size);
            head.CopyTo(span);
            body.CopyTo(span[head.Length..]);
            _output.Advance(size);
            return;
        }
        var w = new PayloadWriter(_output);
        w.WriteBytes(head);
        w.WriteBytes(body);
        w.Flush();
    }

    private void FlushQueued()
    {
        foreach (var session in _queued)
        {
            var w = new PayloadWriter(_output);
            w.WriteHeader(WireCommandType.AppendBlock, WriterIdLength + session.QueuedBytes);
            w.WriteUuid(session.WriterId);
            w.WriteBytes(session.Queued);
            w.Flush();
            WriteBlockEnd(session, session.QueuedBytes, [], session.QueuedEvents, session.QueuedLastEventNumber);
            session.ClearQueue();
        }
        _queued.Clear();
    }

    private void WriteBlockEnd(AppendSession session, int sizeOfWholeEvents, ReadOnlySpan<byte> tail, int numEvents, long lastEventNumber) =>
        WriteBlockEnd(session, sizeOfWholeEvents, [], tail, numEvents, lastEventNumber);

    /// <summary>APPEND_BLOCK_END, whose data (the split event's tail) may come in two pieces.</summary>
    private void WriteBlockEnd(AppendSession session, int sizeOfWholeEvents, ReadOnlySpan<byte> tailHead, ReadOnlySpan<byte> tailBody,
        int numEvents, long lastEventNumber)
    {
        var dataLength = tailHead.Length + tailBody.Length;
        var w = new PayloadWriter(_output);
        w.WriteHeader(WireCommandType.AppendBlockEnd, WriterIdLength + 4 + 4 + dataLength + 4 + 8 + 8);
        w.WriteUuid(session.WriterId);
        w.WriteInt32(sizeOfWholeEvents);
        w.WriteInt32(dataLength);
        w.WriteBytes(tailHead);
        w.WriteBytes(tailBody);
        w.WriteInt32(numEvents);
        w.WriteInt64(lastEventNumber);
        w.WriteInt64(session.RequestId);
        w.Flush();
    }
}
