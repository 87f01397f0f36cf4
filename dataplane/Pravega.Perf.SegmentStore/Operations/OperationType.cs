namespace Pravega.Perf.SegmentStore.Operations;

/// <summary>The operations a container writes to its WAL; the numbers follow Pravega's serializer ids where one exists.</summary>
internal enum OperationType : byte
{
    Append = 1,
    Seal = 2,
    Merge = 3,
    Create = 4,
    UpdateAttributes = 6,
    Truncate = 7,
    Checkpoint = 8,
    StorageCheckpoint = 9,
    Delete = 10,
}
