namespace Pravega.Perf.SegmentStore.Storage.Tests.FileSystem;

/// <summary>What a segment should hold: all bytes ever written (those below Start are truncated), and its seal.</summary>
internal sealed record SegmentModel(List<byte> Data, long Start, bool Sealed)
{
    public SegmentModel Copy() => new([.. Data], Start, Sealed);
}
