using Pravega.Perf.Client.Control;
using Pravega.Perf.Client.Segments;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Client.Writers;
using Pravega.Perf.Common;
using Pravega.Perf.Common.Naming;
using Proto = Pravega.Perf.Controller.Contracts.V1;

namespace Pravega.Perf.Client.Transactions;

/// <summary>
/// Begins transactions on a stream, or takes one up again by id (Pravega's <c>TransactionalEventStreamWriter</c>):
/// the way to put a group of events into a stream all at once or not at all, and, with reader-group checkpoints,
/// the write half of an exactly-once pipeline.
/// </summary>
/// <remarks>Disposing the writer stops the pings of the transactions it handed out and closes their writers; an open
/// transaction then expires with its lease unless another writer takes it up with <see cref="GetTransactionAsync"/>.</remarks>
public sealed class TransactionalEventStreamWriter<T> : IAsyncDisposable
{
    private readonly List<Transaction<T>> _handedOut = [];
    private readonly Lock _lock = new();

    private TransactionalEventStreamWriter(ClientConfig config, ScopedStream stream, ISerializer<T> serializer, TransactionalWriterOptions options)
    {
        Config = config;
        Stream = stream;
        Serializer = serializer;
        Options = options;
        Controller = new ControllerClient(config);
        Resolver = new TransactionSegmentResolver(Controller);
        Connections = new AppendConnectionPool(config.SegmentStore);
    }

    internal ClientConfig Config { get; }

    internal ScopedStream Stream { get; }

    internal ISerializer<T> Serializer { get; }

    internal TransactionalWriterOptions Options { get; }

    internal ControllerClient Controller { get; }

    internal ISegmentEndpointResolver Resolver { get; }

    /// <summary>The transactions' segment writers share one connection per segment store.</summary>
    internal AppendConnectionPool Connections { get; }

    /// <summary>A transactional writer on <paramref name="stream"/>; <see cref="ArgumentException"/> for a lease under 10 s.</summary>
    public static TransactionalEventStreamWriter<T> Create(ClientConfig config, ScopedStream stream, ISerializer<T> serializer,
        TransactionalWriterOptions? options = null)
    {
        options ??= new TransactionalWriterOptions();
        if (options.TransactionTimeout < TimeSpan.FromSeconds(10))
        {
            throw new ArgumentException("TransactionTimeout must be at least 10 s (Pravega's minimum lease)", nameof(options));
        }
        return new TransactionalEventStreamWriter<T>(config, stream, serializer, options);
    }

    /// <summary>Begins a transaction on the stream's current segments.</summary>
    public async Task<Transaction<T>> BeginTransactionAsync(CancellationToken cancellationToken = default)
    {
        var request = new Proto.CreateTxnRequest { StreamInfo = ProtoConvert.Info(Stream), Lease = (long)Options.TransactionTimeout.TotalMilliseconds };
        var created = await Controller.CallAsync((c, o) => c.createTransactionAsync(request, o), cancellationToken).ConfigureAwait(false);
        return Track(new Transaction<T>(this, new Uuid(created.TxnId.HighBits, created.TxnId.LowBits), created.ActiveSegments));
    }

    /// <summary>
    /// Takes up a transaction begun elsewhere (another writer, another process): it can be written to while open,
    /// and committed or aborted. <see cref="TransactionNotFoundException"/> when the stream has no such transaction.
    /// </summary>
    public async Task<Transaction<T>> GetTransactionAsync(Uuid id, CancellationToken cancellationToken = default)
    {
        var request = new Proto.TxnRequest { StreamInfo = ProtoConvert.Info(Stream), TxnId = new Proto.TxnId { HighBits = id.Msb, LowBits = id.Lsb } };
        var state = await Controller.CallAsync((c, o) => c.checkTransactionStateAsync(request, o), cancellationToken).ConfigureAwait(false);
        if (StatusOf(state.State) is null)
        {
            throw new TransactionNotFoundException($"{Stream} has no transaction {id}");
        }
        // Its segments shadow those of the epoch it was begun in, named with that epoch.
        var epoch = NameUtils.GetEpoch(id);
        var epochSegments = await Controller.CallAsync((c, o) => c.getEpochSegmentsAsync(
            new Proto.GetEpochSegmentsRequest { StreamInfo = ProtoConvert.Info(Stream), Epoch = epoch }, o), cancellationToken).ConfigureAwait(false);
        var segments = epochSegments.SegmentRanges_.Select(s => new Proto.SegmentRange(s)
        {
            SegmentId = new Proto.SegmentId(s.SegmentId) { SegmentId_ = NameUtils.ComputeSegmentId(NameUtils.GetSegmentNumber(s.SegmentId.SegmentId_), epoch) },
        });
        return Track(new Transaction<T>(this, id, segments));
    }

    public async ValueTask DisposeAsync()
    {
        List<Transaction<T>> transactions;
        lock (_lock)
        {
            transactions = [.. _handedOut];
            _handedOut.Clear();
        }
        foreach (var transaction in transactions)
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
        await Connections.DisposeAsync().ConfigureAwait(false);
        Controller.Dispose();
    }

    internal static TransactionStatus? StatusOf(Proto.TxnState.Types.State state) => state switch
    {
        Proto.TxnState.Types.State.Open => TransactionStatus.Open,
        Proto.TxnState.Types.State.Committing => TransactionStatus.Committing,
        Proto.TxnState.Types.State.Committed => TransactionStatus.Committed,
        Proto.TxnState.Types.State.Aborting => TransactionStatus.Aborting,
        Proto.TxnState.Types.State.Aborted => TransactionStatus.Aborted,
        _ => null,
    };

    private Transaction<T> Track(Transaction<T> transaction)
    {
        lock (_lock)
        {
            _handedOut.Add(transaction);
        }
        return transaction;
    }
}
