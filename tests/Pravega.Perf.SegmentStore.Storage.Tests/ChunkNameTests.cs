namespace Pravega.Perf.SegmentStore.Storage.Tests;

public sealed class ChunkNameTests
{
    [Theory]
    [InlineData("scope/stream/0.#epoch.0", 3, 134217728)]
    [InlineData("a.E-1-O-2.b", 0, 0)]
    [InlineData("x", long.MaxValue, 5)]
    public void ANameCarriesTheSegmentEpochAndOffsetInPravegasForm(string segment, long epoch, long offset)
    {
        var name = ChunkName.Create(segment, epoch, offset);
        Assert.StartsWith($"{segment}.E-{epoch}-O-{offset}.", name, StringComparison.Ordinal);
        Assert.True(ChunkName.TryParse(name, out var s, out var e, out var o), $"'{name}' does not parse");
        Assert.True(s.SequenceEqual(segment) && e == epoch && o == offset, $"'{name}' parsed as {s}, {e}, {o}");
        Assert.NotEqual(name, ChunkName.Create(segment, epoch, offset));
    }

    [Theory]
    [InlineData("segment")]
    [InlineData("segment.E-1-O-2")]
    [InlineData("segment.E-x-O-2.0123456789abcdef0123456789abcdef")]
    [InlineData("segment.E-1-O-2.0123456789abcdef0123456789abcdeg")]
    public void TextThatIsNotAChunkNameDoesNotParse(string text) =>
        Assert.False(ChunkName.TryParse(text, out _, out _, out _), $"'{text}' parsed as a chunk name");
}
