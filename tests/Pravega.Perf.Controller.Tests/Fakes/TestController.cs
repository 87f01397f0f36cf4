using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Pravega.Perf.Controller.Cluster;
using Pravega.Perf.Controller.Metadata;

namespace Pravega.Perf.Controller.Tests.Fakes;

/// <summary>A controller runtime over in-memory metadata and segments; <see cref="RestartAsync"/> is a new controller on the same state.</summary>
internal sealed class TestController
{
    public TestController(ControllerOptions? options = null, TimeProvider? time = null)
    {
        Options = options ?? new ControllerOptions();
        Time = time ?? TimeProvider.System;
        Runtime = NewRuntime();
    }

    public InMemoryMetadataStore Store { get; } = new();

    public InMemoryStreamSegments Segments { get; } = new();

    public InMemoryMarkStreamLog Marks { get; } = new();

    public ControllerOptions Options { get; }

    public TimeProvider Time { get; }

    public ControllerRuntime Runtime { get; private set; }

    public static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Starts the runtime (system tables, recovery) and creates a scope.</summary>
    public static async Task<TestController> StartWithScopeAsync(string scope = "scope", ControllerOptions? options = null, TimeProvider? time = null)
    {
        var controller = new TestController(options, time);
        await controller.Runtime.StartAsync(Token);
        Assert.Equal(OperationStatus.Success, (await controller.Runtime.Scopes.CreateScopeAsync(scope, Token)).Status);
        return controller;
    }

    /// <summary>A fresh controller process on the same metadata and segments (its memory is empty), started: it recovers.</summary>
    public async Task<int> RestartAsync()
    {
        Store.BeforeWrite = null;
        // The crashed controller's background work (committers, lease checks) dies with it.
        await Runtime.DisposeAsync();
        Runtime = NewRuntime();
        return await Runtime.StartAsync(Token);
    }

    private ControllerRuntime NewRuntime() =>
        new(Store, Segments, new SingleStoreOwnership(new DnsEndPoint("127.0.0.1", 12345), 4), Options, NullLoggerFactory.Instance, Time,
            markStreams: Marks);
}
