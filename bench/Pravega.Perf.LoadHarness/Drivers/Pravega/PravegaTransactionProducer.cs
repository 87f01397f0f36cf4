using Pravega.Perf.Client;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Client.Transactions;
using Pravega.Perf.Client.Writers;

namespace Pravega.Perf.LoadHarness.Drivers.Pravega;

/// <summary>
/// Events through transactions of N events each: an event is acknowledged when its transaction committed. Commits
/// are chained, so acks stay in send order as the harness requires, while the next transaction already fills.
/// </summary>
internal sealed class PravegaTransactionProducer : ILoadProducer
{
    private readonly TransactionalEventStreamWriter<byte[]> _writer;
    private readonly int _eventsPerTransaction;
    private readonly List<Task> _writes = [];
    private Transaction<byte[]>? _open;
    private TaskCompletionSource? _committed;
    private Task _lastCommit = Task.CompletedTask;

    public PravegaTransactionProducer(ClientConfig config, ScopedStream stream, int eventsPerTransaction)
    {
        _writer = TransactionalEventStreamWriter<byte[]>.Create(config, stream, new ByteArraySerializer());
        _eventsPerTransaction = eventsPerTransaction;
    }

    public async ValueTask<Task> SendAsync(string key, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        if (_open is null)
        {
            _open = await _writer.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            _committed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        _writes.Add(_open.WriteEventAsync(key, payload.ToArray(), cancellationToken));
        var acked = _committed!.Task;
        if (_writes.Count == _eventsPerTransaction)
        {
            Commit();
        }
        return acked;
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_open is not null)
        {
            Commit();
        }
        await _lastCommit.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_open is not null)
        {
            Commit();
        }
        try
        {
            await _lastCommit.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Already reported through the events' acks.
        }
        await _writer.DisposeAsync().ConfigureAwait(false);
    }

    private void Commit()
    {
        var transaction = _open!;
        var writes = _writes.ToArray();
        var committed = _committed!;
        _open = null;
        _committed = null;
        _writes.Clear();
        _lastCommit = CommitAfterAsync(_lastCommit, transaction, writes, committed);
    }

    private static async Task CommitAfterAsync(Task previous, Transaction<byte[]> transaction, Task[] writes, TaskCompletionSource committed)
    {
        try
        {
            await previous.ConfigureAwait(false);
            await Task.WhenAll(writes).ConfigureAwait(false);
            await transaction.CommitAsync().ConfigureAwait(false);
            await transaction.WaitUntilCompletedAsync().ConfigureAwait(false);
            committed.TrySetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            committed.TrySetException(e);
            throw;
        }
        finally
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
    }
}
