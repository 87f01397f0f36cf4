using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Pravega.Perf.Common;
using Pravega.Perf.Common.Threading;
using Pravega.Perf.Wire;
using Pravega.Perf.Wire.Commands;

namespace Pravega.Perf.LoadHarness.Raw;

/// <summary>
/// One TCP connection to the segment store carrying the append sessions of one or more writers: a send loop that
/// pipelines APPEND_BLOCK + APPEND_BLOCK_END pairs while the in-flight window has room, and a receive loop that
/// turns DATA_APPENDED into latencies and window space.
/// </summary>
/// <remarks>
/// Setup (HELLO, CREATE_SEGMENT, SETUP_APPEND) is request/response before the send loop starts, so the two never
/// write to the socket at once. The send loop allocates nothing per block: events come from the shared
/// <see cref="EventBlockTemplate"/>, frames are encoded into one pinned <see cref="SendBuffer"/>, waits are
/// <see cref="AsyncSignal"/> and <see cref="PeriodicTimer"/> value tasks.
/// </remarks>
internal sealed partial class RawConnection : IAsyncDisposable
{
    /// <summary>APPEND_BLOCK header + writer id, and an APPEND_BLOCK_END with no data.</summary>
    private const int BlockOverhead = WireProtocol.HeaderLength + 16 + WireProtocol.HeaderLength + 16 + 4 + 4 + 4 + 8 + 8;

    /// <summary>
    /// Head room the codec needs beyond a command's own bytes: its writer asks for spans of at least 256 bytes,
    /// once per command it starts.
    /// </summary>
    private const int CodecSlack = 2 * 256;

    private readonly RawRunState _run;
    private readonly Socket _socket;
    private readonly SendBuffer _send;
    private readonly List<WriterSession> _sessions = [];
    private readonly Dictionary<Uuid, WriterSession> _byWriter = [];
    private readonly Lock _lock = new();
    private readonly AsyncSignal _windowOpened = new();
    private readonly Dictionary<long, TaskCompletionSource<long>> _pending = [];
    private readonly TaskCompletionSource<Hello> _hello = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextRequestId;
    private long _inflightBytes;
    private long _ackedEvents;
    private long _ackedPayloadBytes;
    private Task _receiveLoop = Task.CompletedTask;
    private int _closing;

    public RawConnection(int index, RawRunState run)
    {
        Index = index;
        _run = run;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
        {
            NoDelay = true,
            SendBufferSize = 1 << 20,
            ReceiveBufferSize = 256 << 10,
        };
        _send = new SendBuffer((2 * run.Template.MaxBlockBytes) + (4 * (BlockOverhead + CodecSlack)) + 4096);
        // Request ids as Pravega's client builds them: (flow << 32) | sequence, one flow per connection.
        _nextRequestId = (long)(index + 1) << 32;
    }

    public int Index { get; }

    public IReadOnlyList<WriterSession> Sessions => _sessions;

    public long InflightBytes => Volatile.Read(ref _inflightBytes);

    public long AckedEvents => Volatile.Read(ref _ackedEvents);

    public long AckedPayloadBytes => Volatile.Read(ref _ackedPayloadBytes);

    public async Task ConnectAsync(EndPoint endpoint, CancellationToken cancellationToken)
    {
        await _socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
        _receiveLoop = Task.Run(ReceiveLoopAsync, CancellationToken.None);
        new Hello(WireProtocol.WireVersion, WireProtocol.OldestCompatibleVersion).WriteTo(_send);
        await FlushAsync().ConfigureAwait(false);
        var hello = await _hello.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        if (!WireProtocol.IsCompatible(hello.HighVersion, hello.LowVersion))
        {
            throw new InvalidOperationException($"segment store speaks wire versions {hello.LowVersion}..{hello.HighVersion}, we speak {WireProtocol.OldestCompatibleVersion}..{WireProtocol.WireVersion}");
        }
    }

    /// <summary>Adds a session and opens it on the server; its writer id must be new (the store knows no event number for it).</summary>
    public WriterSession AddSession(int writer, int segmentIndex, string segment)
    {
        var session = new WriterSession(writer, segmentIndex, segment, Uuid.NewRandom(), NextRequestId());
        _sessions.Add(session);
        _byWriter.Add(session.WriterId, session);
        return session;
    }

    /// <summary>Sends SETUP_APPEND for every session and checks each writer starts with no stored event number.</summary>
    public async Task SetupAppendsAsync(CancellationToken cancellationToken)
    {
        var replies = new List<(WriterSession Session, Task<long> Reply)>();
        foreach (var session in _sessions)
        {
            replies.Add((session, Expect(session.RequestId)));
            await WriteControlAsync(new SetupAppend(session.RequestId, session.WriterId, session.Segment, WireString.Empty)).ConfigureAwait(false);
        }
        await FlushAsync().ConfigureAwait(false);
        foreach (var (session, reply) in replies)
        {
            var lastEventNumber = await reply.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (lastEventNumber != WireProtocol.NullAttributeValue)
            {
                throw new InvalidOperationException($"new writer {session.WriterId} on {session.Segment} already has event number {lastEventNumber}");
            }
        }
    }

    /// <summary>Wakes the send loop (at the end of the run, so it sees the stop flag).</summary>
    public void Wake() => _windowOpened.Set();

    public async ValueTask DisposeAsync()
    {
        Volatile.Write(ref _closing, 1);
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // Already closed by the peer.
        }
        _socket.Dispose();
        await _receiveLoop.ConfigureAwait(false);
        _windowOpened.Set();
    }

    private long NextRequestId() => Interlocked.Increment(ref _nextRequestId);

    private Task<long> Expect(long requestId)
    {
        var reply = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _pending.Add(requestId, reply);
        }
        return reply.Task;
    }

    private async ValueTask WriteControlAsync<T>(T command)
        where T : struct, IWireCommand
    {
        if (_send.Free < command.GetPayloadLength() + WireProtocol.HeaderLength + CodecSlack)
        {
            await FlushAsync().ConfigureAwait(false);
        }
        command.WriteTo(_send);
    }

    private async ValueTask FlushAsync()
    {
        var data = _send.Written;
        while (!data.IsEmpty)
        {
            var sent = await _socket.SendAsync(data, SocketFlags.None, _run.Abort.Token).ConfigureAwait(false);
            data = data[sent..];
        }
        _send.Clear();
    }

    private static long Now() => Stopwatch.GetTimestamp();
}
