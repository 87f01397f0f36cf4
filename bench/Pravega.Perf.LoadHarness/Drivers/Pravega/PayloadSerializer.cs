using System.Buffers;
using Pravega.Perf.Client.Writers;

namespace Pravega.Perf.LoadHarness.Drivers.Pravega;

/// <summary>
/// The harness's payload as an event: written straight into the writer's buffer (<see cref="IBufferSerializer{T}"/>),
/// so the caller's buffer is never kept and no array is made per event.
/// </summary>
internal sealed class PayloadSerializer : IBufferSerializer<ReadOnlyMemory<byte>>
{
    public ReadOnlyMemory<byte> Serialize(ReadOnlyMemory<byte> value) => value.ToArray();

    public void Serialize(ReadOnlyMemory<byte> value, IBufferWriter<byte> output) => output.Write(value.Span);

    public ReadOnlyMemory<byte> Deserialize(ReadOnlyMemory<byte> bytes) => bytes.ToArray();
}
