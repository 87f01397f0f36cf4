using Pravega.Perf.LoadHarness.Drivers.Peers;
using StackExchange.Redis;

namespace Pravega.Perf.LoadHarness.Drivers.Redis;

/// <summary>
/// XADDs to the partition's stream key, pipelined on this producer's own connection within a bounded window. One
/// connection's replies come back in command order, so the acks complete in send order.
/// </summary>
internal sealed class RedisProducer : ILoadProducer
{
    private static readonly RedisValue KeyField = "k";
    private static readonly RedisValue PayloadField = "v";
    private readonly ConnectionMultiplexer _connection;
    private readonly IDatabase _database;
    private readonly RedisKey[] _keys;
    private readonly OutstandingWindow _window;
    private Exception? _failure;

    public RedisProducer(ConnectionMultiplexer connection, RedisKey[] keys, int maxOutstanding)
    {
        _connection = connection;
        _database = connection.GetDatabase();
        _keys = keys;
        _window = new OutstandingWindow(maxOutstanding);
    }

    public async ValueTask<Task> SendAsync(string key, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        await _window.EnterAsync(cancellationToken).ConfigureAwait(false);
        // ToArray: the command is written to the socket later, and the caller may reuse its payload once this returns.
        NameValueEntry[] fields = [new(KeyField, key), new(PayloadField, payload.ToArray())];
        return AddAsync(_keys[KeyPartitioner.Partition(key, _keys.Length)], fields);
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _window.DrainAsync(cancellationToken).ConfigureAwait(false);
        if (_failure is { } failure)
        {
            throw new InvalidOperationException("a Redis XADD failed", failure);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync().ConfigureAwait(false);
        _window.Dispose();
    }

    private async Task AddAsync(RedisKey stream, NameValueEntry[] fields)
    {
        try
        {
            await _database.StreamAddAsync(stream, fields).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _failure ??= e;
            throw;
        }
        finally
        {
            _window.Exit();
        }
    }
}
