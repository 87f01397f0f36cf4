namespace Pravega.Perf.SegmentStore.Storage.Tests.FileSystem;

/// <summary>One acknowledged operation of a crash scenario and its effect on the model.</summary>
internal sealed record CrashStep(string Description, Func<IChunkedSegmentStorage, Dictionary<string, SegmentModel>, Task> Run, Action<Dictionary<string, SegmentModel>> Apply);
