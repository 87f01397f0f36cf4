namespace Pravega.Perf.IntegrationTests.Helpers;

/// <summary>One <see cref="LiveServer"/> shared by the tests of a class (each test uses its own segments).</summary>
public sealed class LiveServerFixture : IAsyncLifetime
{
    private LiveServer? _server;

    public LiveServer Server => _server ?? throw new InvalidOperationException("the fixture is not initialized");

    public async ValueTask InitializeAsync() => _server = await LiveServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
