using Pravega.Perf.Interop.Files;

namespace Pravega.Perf.SegmentStore.Storage.FileSystem;

/// <summary>The chunk write mode a storage runs with, and the line its host logs about it.</summary>
/// <param name="Mode"><see cref="ChunkWriteMode.Buffered"/> or <see cref="ChunkWriteMode.Direct"/> (never Auto).</param>
/// <param name="Description">"Tier-2: O_DIRECT chunk writes" or "Tier-2: buffered chunk writes (why)".</param>
public sealed record ChunkWriteModeChoice(ChunkWriteMode Mode, string Description)
{
    /// <summary>
    /// Resolves <paramref name="requested"/> for chunk files under <paramref name="directory"/> (created if missing):
    /// Direct and Auto's first choice need a successful O_DIRECT probe write there (<see cref="DirectFile.IsSupportedIn"/>).
    /// Auto falls back to buffered, saying why; an explicit Direct that cannot work throws.
    /// </summary>
    /// <exception cref="NotSupportedException">Direct was asked for and O_DIRECT is refused here.</exception>
    public static ChunkWriteModeChoice Resolve(ChunkWriteMode requested, string directory) =>
        requested == ChunkWriteMode.Buffered
            ? Decide(requested, null)
            : Decide(requested, DirectFile.IsSupportedIn(directory, out var reason) ? null : reason ?? "O_DIRECT refused");

    /// <summary>The decision itself, given why O_DIRECT cannot be used here (null: it can).</summary>
    internal static ChunkWriteModeChoice Decide(ChunkWriteMode requested, string? directUnavailable) => requested switch
    {
        ChunkWriteMode.Buffered => new(ChunkWriteMode.Buffered, "Tier-2: buffered chunk writes (configured)"),
        ChunkWriteMode.Auto => directUnavailable is null ? Direct : new(ChunkWriteMode.Buffered, $"Tier-2: buffered chunk writes ({directUnavailable})"),
        ChunkWriteMode.Direct => directUnavailable is null
            ? Direct
            : throw new NotSupportedException($"Tier-2 write mode Direct is configured but unavailable: {directUnavailable}"),
        _ => throw new ArgumentOutOfRangeException(nameof(requested), requested, null),
    };

    private static ChunkWriteModeChoice Direct => new(ChunkWriteMode.Direct, "Tier-2: O_DIRECT chunk writes");
}
