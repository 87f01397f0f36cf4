namespace Pravega.Perf.Client.Tables;

/// <summary>
/// Opens key-value tables of one scope (Pravega's <c>KeyValueTableFactory</c>); the tables share the factory's
/// controller and segment-store connections, which disposing the factory closes.
/// </summary>
public sealed class KeyValueTableFactory : IAsyncDisposable
{
    private readonly ClientContext _context;

    private KeyValueTableFactory(string scope, ClientContext context)
    {
        Scope = scope;
        _context = context;
    }

    public string Scope { get; }

    public static KeyValueTableFactory WithScope(string scope, ClientConfig config) => new(scope, new ClientContext(config));

    /// <summary>
    /// The table <paramref name="name"/>: its configuration and partitions come from the controller once, here (a
    /// table never scales). <see cref="KeyValueTableNotFoundException"/> when it does not exist.
    /// </summary>
    public async Task<IKeyValueTable> ForKeyValueTableAsync(string name, CancellationToken cancellationToken = default)
    {
        var configuration = await KeyValueTableManager.GetConfigurationAsync(_context.Controller, Scope, name, cancellationToken).ConfigureAwait(false);
        var partitions = await KeyValueTableManager.GetPartitionsAsync(_context.Controller, Scope, name, cancellationToken).ConfigureAwait(false);
        if (partitions.Count != configuration.PartitionCount)
        {
            throw new InvalidOperationException(
                $"key-value table '{Scope}/{name}' has {partitions.Count} partitions but its configuration says {configuration.PartitionCount}");
        }
        return new KeyValueTable(Scope, name, configuration, partitions, _context.Segments);
    }

    public ValueTask DisposeAsync() => _context.DisposeAsync();
}
