using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Pravega.Perf.Common;
using Pravega.Perf.Wire;
using Pravega.Perf.Wire.Appends;
using Pravega.Perf.Wire.Commands;

namespace Pravega.Perf.Testing.WireClient;

/// <summary>
/// A raw wire-protocol client for tests and load generation: connects over TCP, writes commands and appends through
/// the wire codec's <see cref="AppendBlockWriter"/> (so blocks look exactly like Pravega's Java client's), writes raw
/// bytes for malformed input, and reads replies one frame at a time. Every receive is bounded by
/// <see cref="ReplyTimeout"/>, so a missing reply fails a test instead of hanging it.
/// </summary>
/// <remarks>Not thread-safe for writing; one task may write while another receives.</remarks>
public sealed class WireTestClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly CancellationToken _cancellation;
    private long _nextRequestId = 1;

    private WireTestClient(Socket socket, int blockSize, CancellationToken cancellationToken)
    {
        _socket = socket;
        _cancellation = cancellationToken;
        _stream = new NetworkStream(socket, ownsSocket: false);
        _input = PipeReader.Create(_stream, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true));
        _output = PipeWriter.Create(_stream, new StreamPipeWriterOptions(leaveOpen: true));
        Blocks = new AppendBlockWriter(_output, new FixedAppendBlockSize(blockSize));
    }

    /// <summary>How long a receive waits before it fails with <see cref="TimeoutException"/>.</summary>
    public TimeSpan ReplyTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The block writer all commands and appends go through (unflushed until <see cref="FlushAsync"/>).</summary>
    public AppendBlockWriter Blocks { get; }

    /// <summary>Connects with TCP_NODELAY. <paramref name="blockSize"/> is the fixed append block size (0 = one block per
    /// event); <paramref name="cancellationToken"/> (a test's) cancels every later operation of the client.</summary>
    public static async Task<WireTestClient> ConnectAsync(EndPoint endPoint, int blockSize = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new WireTestClient(socket, blockSize, cancellationToken);
    }

    /// <summary>A fresh request id (the low 32 bits count up, as a single-flow Pravega connection does).</summary>
    public long NextRequestId() => Interlocked.Increment(ref _nextRequestId);

    /// <summary>Queues a command (closing any open append block first).</summary>
    public void Write<T>(in T command)
        where T : struct, IWireCommand => Blocks.WriteCommand(command);

    /// <summary>Queues one event of a set-up writer.</summary>
    public void Append(Uuid writerId, long eventNumber, ReadOnlySpan<byte> payload) => Blocks.Append(writerId, eventNumber, payload);

    /// <summary>Queues raw bytes, bypassing the codec (replayed streams, malformed input).</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes) => _output.Write(bytes);

    /// <summary>Sends what was queued.</summary>
    public async Task FlushAsync() =>
        await _output.FlushAsync(_cancellation).ConfigureAwait(false);

    /// <summary>Queues and sends one command.</summary>
    public async Task SendAsync<T>(T command)
        where T : struct, IWireCommand
    {
        Write(command);
        await FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Receives the next frame. Throws <see cref="EndOfStreamException"/> if the server closed the connection
    /// and <see cref="TimeoutException"/> after <see cref="ReplyTimeout"/>.</summary>
    public async Task<WireReply> ReceiveAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_cancellation);
        timeout.CancelAfter(ReplyTimeout);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await _input.ReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!_cancellation.IsCancellationRequested)
            {
                throw new TimeoutException($"no reply within {ReplyTimeout}");
            }
            catch (IOException e)
            {
                throw new EndOfStreamException("the connection was reset", e);
            }
            var buffer = result.Buffer;
            if (FrameReader.TryReadFrame(buffer, out var frame))
            {
                var bytes = buffer.Slice(0, frame.TotalLength).ToArray();
                _input.AdvanceTo(frame.End);
                var payload = new ReadOnlySequence<byte>(bytes, WireProtocol.HeaderLength, bytes.Length - WireProtocol.HeaderLength);
                return new WireReply(frame.Type, WireCommandDecoder.Decode(frame.Type, payload), bytes);
            }
            _input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new EndOfStreamException(buffer.IsEmpty
                    ? "the server closed the connection"
                    : $"the server closed the connection inside a frame ({buffer.Length} bytes left)");
            }
        }
    }

    /// <summary>Receives the next frame and requires it to be a <typeparamref name="T"/>.</summary>
    public async Task<T> ReceiveAsync<T>()
        where T : struct, IWireCommand<T>
    {
        var reply = await ReceiveAsync().ConfigureAwait(false);
        if (reply.Type != T.CommandType)
        {
            throw new InvalidOperationException(
                $"expected {WireCommandTypes.GetName(T.CommandType)}, received {reply.Type}: {Describe(reply.Command)}");
        }
        return (T)reply.Command;
    }

    /// <summary>Reads frames until the server closes the connection; returns the frames read meanwhile. Throws
    /// <see cref="TimeoutException"/> if it stays open.</summary>
    public async Task<IReadOnlyList<WireReply>> ReceiveUntilClosedAsync()
    {
        var replies = new List<WireReply>();
        while (true)
        {
            try
            {
                replies.Add(await ReceiveAsync().ConfigureAwait(false));
            }
            catch (EndOfStreamException)
            {
                return replies;
            }
        }
    }

    /// <summary>Hello(17, 5) → the server's Hello.</summary>
    public async Task<Hello> HelloAsync()
    {
        await SendAsync(new Hello(WireProtocol.WireVersion, WireProtocol.OldestCompatibleVersion)).ConfigureAwait(false);
        return await ReceiveAsync<Hello>().ConfigureAwait(false);
    }

    /// <summary>Creates a stream segment (fixed scale policy); the reply must be <see cref="SegmentCreated"/>.</summary>
    public async Task CreateSegmentAsync(string segment)
    {
        await SendAsync(new CreateSegment(NextRequestId(), segment, 0, 0, string.Empty, 0)).ConfigureAwait(false);
        await ReceiveAsync<SegmentCreated>().ConfigureAwait(false);
    }

    /// <summary>SETUP_APPEND → the writer's last stored event number (<c>long.MinValue</c> if unknown).</summary>
    public async Task<long> SetupAppendAsync(Uuid writerId, string segment, long requestId)
    {
        await SendAsync(new SetupAppend(requestId, writerId, segment, string.Empty)).ConfigureAwait(false);
        var setup = await ReceiveAsync<AppendSetup>().ConfigureAwait(false);
        return setup.LastEventNumber;
    }

    /// <summary>The segment's info; the reply must be <see cref="StreamSegmentInfo"/>.</summary>
    public async Task<StreamSegmentInfo> GetSegmentInfoAsync(string segment)
    {
        await SendAsync(new GetStreamSegmentInfo(NextRequestId(), segment, string.Empty)).ConfigureAwait(false);
        return await ReceiveAsync<StreamSegmentInfo>().ConfigureAwait(false);
    }

    /// <summary>Reads bytes [<paramref name="from"/>, <paramref name="to"/>) of a segment with as many READ_SEGMENTs as needed.</summary>
    public async Task<byte[]> ReadRangeAsync(string segment, long from, long to)
    {
        var data = new byte[to - from];
        var offset = from;
        while (offset < to)
        {
            await SendAsync(new ReadSegment(segment, offset, (int)Math.Min(to - offset, 1 << 20), string.Empty, NextRequestId()))
                .ConfigureAwait(false);
            var read = await ReceiveAsync<SegmentRead>().ConfigureAwait(false);
            if (read.Offset != offset || read.Data.IsEmpty)
            {
                throw new InvalidOperationException($"read of '{segment}' at {offset} returned {read.Data.Length} bytes at {read.Offset}");
            }
            var take = (int)Math.Min(read.Data.Length, to - offset);
            read.Data.Slice(0, take).CopyTo(data.AsSpan((int)(offset - from)));
            offset += take;
        }
        return data;
    }

    /// <summary>Reads the whole readable content of a segment (start offset to length).</summary>
    public async Task<byte[]> ReadAllAsync(string segment)
    {
        var info = await GetSegmentInfoAsync(segment).ConfigureAwait(false);
        return await ReadRangeAsync(segment, info.StartOffset, info.WriteOffset).ConfigureAwait(false);
    }

    /// <summary>Closes the sending side only: the server sees the end of input and may still reply.</summary>
    public void ShutdownSend() => _socket.Shutdown(SocketShutdown.Send);

    public async ValueTask DisposeAsync()
    {
        await _input.CompleteAsync().ConfigureAwait(false);
        try
        {
            // Completing flushes what is still buffered; a server that is gone (killed, or closed on us) cannot take it.
            await _output.CompleteAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
        }
        await _stream.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
    }

    private static string Describe(IWireCommand command) => command switch
    {
        NoSuchSegment e => $"NoSuchSegment({e.Segment})",
        WrongHost e => $"WrongHost({e.Segment})",
        SegmentIsSealed e => $"SegmentIsSealed({e.Segment})",
        InvalidEventNumber e => $"InvalidEventNumber({e.EventNumber})",
        OperationUnsupported e => $"OperationUnsupported({e.OperationName})",
        ErrorMessage e => $"ErrorMessage({e.Message})",
        _ => command.GetType().Name,
    };
}
