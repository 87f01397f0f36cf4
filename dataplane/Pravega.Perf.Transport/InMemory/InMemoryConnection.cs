using System.IO.Pipelines;
using System.Net;

namespace Pravega.Perf.Transport.InMemory;

/// <summary>
/// One end of a connection made of two in-process pipes: what one end writes the other reads. For benchmarks and
/// tests that exercise the whole server path without a socket (Kestrel's and Garnet's embedded-transport idea).
/// </summary>
public sealed class InMemoryConnection : ITransportConnection
{
    private static long s_nextId;

    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly CancellationTokenSource _closed;
    private int _disposed;

    private InMemoryConnection(PipeReader input, PipeWriter output, CancellationTokenSource closed, EndPoint remote, string id)
    {
        _input = input;
        _output = output;
        _closed = closed;
        RemoteEndPoint = remote;
        ConnectionId = id;
    }

    public string ConnectionId { get; }

    public EndPoint? RemoteEndPoint { get; }

    public PipeReader Input => _input;

    public PipeWriter Output => _output;

    public CancellationToken ConnectionClosed => _closed.Token;

    /// <summary>Creates both ends; <paramref name="options"/> sets each direction's pause/resume thresholds.</summary>
    public static (InMemoryConnection Client, InMemoryConnection Server) CreatePair(PipeOptions? options = null)
    {
        options ??= new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, useSynchronizationContext: false);
        var toServer = new Pipe(options);
        var toClient = new Pipe(options);
        var closed = new CancellationTokenSource();
        var id = "m" + Interlocked.Increment(ref s_nextId).ToString();
        var client = new InMemoryConnection(toClient.Reader, toServer.Writer, closed, new InMemoryEndPoint("server"), id + "c");
        var server = new InMemoryConnection(toServer.Reader, toClient.Writer, closed, new InMemoryEndPoint("client"), id + "s");
        return (client, server);
    }

    public void Abort()
    {
        _output.CancelPendingFlush();
        _input.CancelPendingRead();
        Close();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _output.CompleteAsync().ConfigureAwait(false);
        await _input.CompleteAsync().ConfigureAwait(false);
        Close();
    }

    private void Close()
    {
        try
        {
            _closed.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The other end already disposed the shared signal.
        }
    }
}
