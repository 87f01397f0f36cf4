using Pravega.Perf.Client.Readers;
using Pravega.Perf.Client.Streams;
using Pravega.Perf.Client.Transactions;
using Pravega.Perf.Client.Writers;

namespace Pravega.Perf.Client;

/// <summary>
/// Makes the writers and readers of one scope (Pravega's <c>EventStreamClientFactory</c>). Readers share the
/// factory's connections: close them before the factory.
/// </summary>
public sealed class EventStreamClientFactory : IAsyncDisposable
{
    private readonly ClientContext _context;

    private EventStreamClientFactory(string scope, ClientContext context)
    {
        Scope = scope;
        _context = context;
    }

    public string Scope { get; }

    public static EventStreamClientFactory WithScope(string scope, ClientConfig config) => new(scope, new ClientContext(config));

    /// <summary>A writer on stream <paramref name="stream"/> of this scope.</summary>
    public Task<EventStreamWriter<T>> CreateEventWriterAsync<T>(string stream, ISerializer<T> serializer, CancellationToken cancellationToken = default) =>
        EventStreamWriter<T>.CreateAsync(_context.Config, new ScopedStream(Scope, stream), serializer, cancellationToken);

    /// <summary>A transactional writer on stream <paramref name="stream"/> of this scope.</summary>
    public TransactionalEventStreamWriter<T> CreateTransactionalWriter<T>(string stream, ISerializer<T> serializer, TransactionalWriterOptions? options = null) =>
        TransactionalEventStreamWriter<T>.Create(_context.Config, new ScopedStream(Scope, stream), serializer, options);

    /// <summary>
    /// Reader <paramref name="readerId"/> joining group <paramref name="readerGroup"/> of this scope. An id already online
    /// in the group is refused (<see cref="InvalidOperationException"/>): declare a failed reader offline first.
    /// </summary>
    public Task<EventStreamReader<T>> CreateReaderAsync<T>(string readerId, string readerGroup, ISerializer<T> serializer, CancellationToken cancellationToken = default) =>
        EventStreamReader<T>.CreateAsync(_context, Scope, readerGroup, readerId, serializer, cancellationToken);

    public ValueTask DisposeAsync() => _context.DisposeAsync();
}
