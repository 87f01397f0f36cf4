using Pravega.Perf.Client.Control;
using Pravega.Perf.Client.Segments;
using Pravega.Perf.Client.Writers;
using Pravega.Perf.Common;
using Pravega.Perf.Common.Hashing;
using Pravega.Perf.Common.Naming;
using Proto = Pravega.Perf.Controller.Contracts.V1;

namespace Pravega.Perf.Client.Transactions;

/// <summary>
/// One transaction of a stream (Pravega's <c>Transaction</c>): events written to it go, routed by key as plain events
/// are, to the transaction's own segment beside each segment of its epoch; nobody reads them until
/// <see cref="CommitAsync"/>, after which the controller merges them into the stream whole and contiguous, after
/// everything written before the commit. While open, the transaction's lease is renewed in the background.
/// </summary>
/// <remarks>
/// Error contract: writing, flushing or committing after this handle committed or aborted is
/// <see cref="InvalidOperationException"/>; committing a transaction that was aborted (by a call, its lease running out,
/// or a seal of the stream) is <see cref="TransactionFailedException"/>, and a write to it fails with
/// <see cref="SegmentNotFoundException"/> (its segments are gone); aborting a committed one is
/// <see cref="InvalidOperationException"/>; an event over <see cref="EventStreamWriter{T}.MaxEventSize"/> is
/// <see cref="ArgumentException"/> at the call. Commit and abort may be repeated (the controller answers them again).
/// </remarks>
public sealed class Transaction<T> : IAsyncDisposable
{
    private readonly TransactionalEventStreamWriter<T> _owner;
    private readonly (long SegmentId, double High)[] _segments;
    private readonly SegmentWriter?[] _writers;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopPings = new();
    private readonly Task _pings;
    private TransactionStatus? _ended;

    internal Transaction(TransactionalEventStreamWriter<T> owner, Uuid id, IEnumerable<Proto.SegmentRange> segments)
    {
        _owner = owner;
        Id = id;
        _segments = segments.OrderBy(s => s.MaxKey).Select(s => (s.SegmentId.SegmentId_, s.MaxKey)).ToArray();
        _writers = new SegmentWriter?[_segments.Length];
        _pings = Task.Run(PingLoopAsync);
    }

    /// <summary>The transaction's id: give it to <see cref="TransactionalEventStreamWriter{T}.GetTransactionAsync"/> elsewhere to carry on with it.</summary>
    public Uuid Id { get; }

    private Proto.TxnId ProtoId => new() { HighBits = Id.Msb, LowBits = Id.Lsb };

    /// <summary>Writes an event without a key: all such events of a transaction go to one segment (the key is the transaction id, as in Pravega).</summary>
    public Task WriteEventAsync(T value, CancellationToken cancellationToken = default) => WriteEventAsync(null, value, cancellationToken);

    /// <summary>Writes an event to the transaction; the task completes when it is durable (still invisible until the commit).</summary>
    public Task WriteEventAsync(string? routingKey, T value, CancellationToken cancellationToken = default)
    {
        var payload = _owner.Serializer.Serialize(value);
        if (payload.Length > EventStreamWriter<T>.MaxEventSize)
        {
            throw new ArgumentException($"an event is at most {EventStreamWriter<T>.MaxEventSize} bytes; this one is {payload.Length}", nameof(value));
        }
        return WriterFor(RoutingKeyHash.Hash(routingKey ?? Id.ToString())).WriteAsync(payload, cancellationToken);
    }

    /// <summary>Waits until every event written so far is durable.</summary>
    public async Task FlushAsync()
    {
        ThrowIfEnded();
        foreach (var writer in OpenWriters())
        {
            await writer.FlushAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Flushes, closes the transaction's writers and asks the controller to commit; returns once the commit is recorded
    /// (status COMMITTING: it will reach the stream whatever happens to the controller). <paramref name="timestamp"/> is
    /// noted as the writer's time for the stream's watermarks.
    /// </summary>
    public async Task CommitAsync(long? timestamp = null, CancellationToken cancellationToken = default)
    {
        ThrowIfEnded();
        await CloseWritersAsync().ConfigureAwait(false);
        var request = new Proto.TxnRequest
        {
            StreamInfo = ProtoConvert.Info(_owner.Stream),
            TxnId = ProtoId,
            WriterId = _owner.Options.WriterId,
            Timestamp = timestamp ?? long.MinValue,
        };
        var status = await _owner.Controller.CallAsync((c, o) => c.commitTransactionAsync(request, o), cancellationToken).ConfigureAwait(false);
        switch (status.Status)
        {
            case Proto.TxnStatus.Types.Status.Success:
                End(TransactionStatus.Committing);
                return;
            case Proto.TxnStatus.Types.Status.Failure:
                End(TransactionStatus.Aborted);
                throw new TransactionFailedException($"transaction {Id} of {_owner.Stream} was aborted: it cannot be committed");
            default:
                throw new TransactionNotFoundException($"{_owner.Stream} has no transaction {Id} ({status.Status})");
        }
    }

    /// <summary>Aborts: nothing of the transaction will reach the stream.</summary>
    public async Task AbortAsync(CancellationToken cancellationToken = default)
    {
        await CloseWritersAsync().ConfigureAwait(false);
        var request = new Proto.TxnRequest { StreamInfo = ProtoConvert.Info(_owner.Stream), TxnId = ProtoId };
        var status = await _owner.Controller.CallAsync((c, o) => c.abortTransactionAsync(request, o), cancellationToken).ConfigureAwait(false);
        switch (status.Status)
        {
            case Proto.TxnStatus.Types.Status.Success:
                End(TransactionStatus.Aborted);
                return;
            case Proto.TxnStatus.Types.Status.Failure:
                throw new InvalidOperationException($"transaction {Id} of {_owner.Stream} is committing or committed: it cannot be aborted");
            default:
                throw new TransactionNotFoundException($"{_owner.Stream} has no transaction {Id} ({status.Status})");
        }
    }

    /// <summary>The transaction's status at the controller.</summary>
    public async Task<TransactionStatus> CheckStatusAsync(CancellationToken cancellationToken = default)
    {
        var request = new Proto.TxnRequest { StreamInfo = ProtoConvert.Info(_owner.Stream), TxnId = ProtoId };
        var state = await _owner.Controller.CallAsync((c, o) => c.checkTransactionStateAsync(request, o), cancellationToken).ConfigureAwait(false);
        return TransactionalEventStreamWriter<T>.StatusOf(state.State)
            ?? throw new TransactionNotFoundException($"{_owner.Stream} has no transaction {Id}");
    }

    /// <summary>Polls <see cref="CheckStatusAsync"/> until the transaction is COMMITTED or ABORTED, and returns which.</summary>
    public async Task<TransactionStatus> WaitUntilCompletedAsync(TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var status = await CheckStatusAsync(cancellationToken).ConfigureAwait(false);
            if (status is TransactionStatus.Committed or TransactionStatus.Aborted)
            {
                return status;
            }
            await Task.Delay(pollInterval ?? TimeSpan.FromMilliseconds(5), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the pings and closes the writers; the transaction itself stays as it is (an open one expires with its lease).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopPings.CancelAsync().ConfigureAwait(false);
        await _pings.ConfigureAwait(false);
        await CloseWritersAsync().ConfigureAwait(false);
    }

    private SegmentWriter WriterFor(double hash)
    {
        var i = 0;
        while (i < _segments.Length - 1 && hash > _segments[i].High)
        {
            i++;
        }
        lock (_lock)
        {
            ThrowIfEnded();
            if (_writers[i] is { } writer)
            {
                return writer;
            }
            var parent = NameUtils.GetQualifiedStreamSegmentName(_owner.Stream.Scope, _owner.Stream.Name, _segments[i].SegmentId);
            return _writers[i] = new SegmentWriter(NameUtils.GetTransactionSegmentName(parent, Id), _owner.Resolver, _owner.Connections,
                _owner.Config.SegmentStore, EventStreamWriter<T>.MaxInflightBytesPerSegment);
        }
    }

    private List<SegmentWriter> OpenWriters()
    {
        lock (_lock)
        {
            return _writers.OfType<SegmentWriter>().ToList();
        }
    }

    /// <summary>Flushes and closes every writer (each writer's dispose flushes what it holds).</summary>
    private async Task CloseWritersAsync()
    {
        List<SegmentWriter> writers;
        lock (_lock)
        {
            writers = _writers.OfType<SegmentWriter>().ToList();
            Array.Clear(_writers);
        }
        foreach (var writer in writers)
        {
            await writer.FlushAsync().ConfigureAwait(false);
            await writer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void End(TransactionStatus status)
    {
        lock (_lock)
        {
            _ended = status;
        }
        _stopPings.Cancel();
    }

    private void ThrowIfEnded()
    {
        if (_ended is { } ended)
        {
            throw new InvalidOperationException($"transaction {Id} is {ended.ToString().ToUpperInvariant()}");
        }
    }

    /// <summary>Renews the lease as Pravega's pinger does: every lease / max(1, √(lease in seconds)), until the transaction ends.</summary>
    private async Task PingLoopAsync()
    {
        var lease = (long)_owner.Options.TransactionTimeout.TotalMilliseconds;
        var interval = TimeSpan.FromMilliseconds(lease / Math.Max(1.0, Math.Sqrt(lease / 1000.0)));
        var request = new Proto.PingTxnRequest { StreamInfo = ProtoConvert.Info(_owner.Stream), TxnId = ProtoId, Lease = lease };
        var token = _stopPings.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, token).ConfigureAwait(false);
                var status = await _owner.Controller.CallAsync((c, o) => c.pingTransactionAsync(request, o), token).ConfigureAwait(false);
                if (status.Status != Proto.PingTxnStatus.Types.Status.Ok)
                {
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ControllerFailureException)
            {
                // The controller is away for now: the next ping may still land inside the lease.
            }
            catch (ControllerUnavailableException)
            {
                // As above.
            }
        }
    }
}
