using Pravega.Perf.Common;
using Pravega.Perf.Common.Naming;
using Pravega.Perf.IntegrationTests.Helpers;
using Pravega.Perf.SegmentStore;
using Pravega.Perf.SegmentStore.Server;
using Pravega.Perf.Transport.InMemory;
using Pravega.Perf.Wire;
using Pravega.Perf.Wire.Appends;
using Pravega.Perf.Wire.Commands;

namespace Pravega.Perf.IntegrationTests;

/// <summary>The server is written against the transport interfaces: it serves an in-memory connection exactly as a socket.</summary>
public sealed class InMemoryTransportServerTests
{
    [Fact]
    public async Task The_server_serves_hello_setup_and_an_append_over_the_in_memory_transport()
    {
        var token = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("pravega-mem-").FullName;
        var mapper = new SegmentToContainerMapper(2);
        var store = await SegmentStoreService.StartAsync(new SegmentStoreOptions
        {
            DataDirectory = directory,
            ContainerCount = 2,
            ContainerMapper = s => mapper.GetContainerId(s),
            WalFileSize = LiveServer.SmallWalFileSize,
            CacheSizeBytes = 64L << 20,
        }, token);
        var factory = new InMemoryConnectionListenerFactory();
        var server = new SegmentStoreServer(store, new SegmentStoreServerOptions { ListenAddress = "127.0.0.1", Port = 0 }, null, factory);
        try
        {
            await server.StartAsync(token);
            await using var connection = factory.Listener!.Connect();
            var segment = Segments.NewName();
            var writer = Uuid.NewRandom();
            var blocks = new AppendBlockWriter(connection.Output, new FixedAppendBlockSize(0));
            blocks.WriteCommand(new Hello(17, 5));
            blocks.WriteCommand(new CreateSegment(1, segment, 0, 0, string.Empty, 0));
            blocks.WriteCommand(new SetupAppend(2, writer, segment, string.Empty));
            blocks.Append(writer, 1, Segments.Payload(1, 30));
            await connection.Output.FlushAsync(token);

            var types = new List<WireCommandType>();
            DataAppended ack = default;
            while (types.Count < 4)
            {
                var result = await connection.Input.ReadAsync(token);
                var buffer = result.Buffer;
                while (FrameReader.TryReadFrame(buffer, out var frame))
                {
                    types.Add(frame.Type);
                    if (frame.Type == WireCommandType.DataAppended)
                    {
                        ack = DataAppended.Read(frame.Payload);
                    }
                    buffer = buffer.Slice(frame.End);
                }
                connection.Input.AdvanceTo(buffer.Start, buffer.End);
                Assert.False(result.IsCompleted && types.Count < 4, $"the server closed after [{string.Join(", ", types)}]");
            }
            Assert.True(types.SequenceEqual([WireCommandType.Hello, WireCommandType.SegmentCreated, WireCommandType.AppendSetup,
                WireCommandType.DataAppended]), $"replies [{string.Join(", ", types)}]");
            Assert.True(ack.WriterId == writer && ack.EventNumber == 1 && ack.CurrentSegmentWriteOffset == 38,
                $"ack of event {ack.EventNumber}, offset {ack.CurrentSegmentWriteOffset}");
        }
        finally
        {
            await server.StopAsync(token);
            await store.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }
}
