namespace Pravega.Perf.Client;

/// <summary>
/// What the client factories of one scope share: the scope, and one <see cref="ClientContext"/> (controller and
/// segment-store connections) for every object they make, closed with the factory.
/// </summary>
public abstract class ScopedClientFactory : IAsyncDisposable
{
    private protected ScopedClientFactory(string scope, ClientConfig config)
    {
        Scope = scope;
        Context = new ClientContext(config);
    }

    public string Scope { get; }

    private protected ClientContext Context { get; }

    /// <summary>Closes the connections: close what the factory made first.</summary>
    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }
}
