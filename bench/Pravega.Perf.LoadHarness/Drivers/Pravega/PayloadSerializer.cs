using System.Buffers;
using Pravega.Perf.Client.Writers;

namespace Pravega.Perf.LoadHarness.Drivers.Pravega;

/// <summary>
/// The harness's payload as an event, without an array per event either way. Writing: straight into the writer's
/// buffer (<see cref="IBufferSerializer{T}"/>), so the caller's buffer is never kept. Reading: the reader's bytes are
/// valid only during the call, and the harness's contract keeps an event only until the next receive, so they are
/// copied into one buffer this instance reuses; use one instance per reader.
/// </summary>
internal sealed class PayloadSerializer : IBufferSerializer<ReadOnlyMemory<byte>>
{
    private byte[] _read = [];

    public ReadOnlyMemory<byte> Serialize(ReadOnlyMemory<byte> value) => value.ToArray();

    public void Serialize(ReadOnlyMemory<byte> value, IBufferWriter<byte> output) => output.Write(value.Span);

    public ReadOnlyMemory<byte> Deserialize(ReadOnlyMemory<byte> bytes)
    {
        if (_read.Length < bytes.Length)
        {
            _read = new byte[Math.Max(bytes.Length, _read.Length * 2)];
        }
        bytes.Span.CopyTo(_read);
        return _read.AsMemory(0, bytes.Length);
    }
}
