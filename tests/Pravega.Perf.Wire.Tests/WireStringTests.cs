using System.Buffers;
using Pravega.Perf.Wire.Commands;
using Pravega.Perf.Wire.Tests.Helpers;

namespace Pravega.Perf.Wire.Tests;

public class WireStringTests
{
    private const string Odd = "sc\u0000pe/str\uD83D\uDE00am/2.#epoch.3";

    private static WireString Received(string text, params int[] cuts)
    {
        var output = new ArrayBufferWriter<byte>();
        new SegmentCreated(1, text).WriteTo(output);
        var payload = output.WrittenSpan[8..].ToArray();
        return SegmentCreated.Read(Segmented.Split(payload, cuts)).Segment;
    }

    [Fact]
    public void NulAndSupplementaryCharactersUseJavasModifiedUtf8()
    {
        var value = new WireString(Odd);
        var bytes = new byte[value.EncodedLength];
        value.CopyTo(bytes);
        Assert.Equal("7363c08070652f737472eda0bdedb880616d2f322e2365706f63682e33", Hex.Format(bytes));
    }

    [Fact]
    public void AReceivedStringEqualsAndHashesLikeTheSameText()
    {
        foreach (var cuts in new[] { Array.Empty<int>(), [12], [9, 10, 11, 13, 15] })
        {
            var received = Received(Odd, cuts);
            Assert.True(received.IsRaw, "decoding keeps the raw bytes");
            Assert.True(received.Equals(Odd), $"equal to its text (cuts {string.Join(",", cuts)})");
            Assert.True(received == new WireString(Odd), "equal to the string form");
            Assert.Equal(new WireString(Odd).GetHashCode(), received.GetHashCode());
            Assert.Equal(Odd, received.ToString());
            Assert.False(received.Equals(Odd[..^1] + "4"), "a different last char differs");
        }
    }

    [Fact]
    public void ADictionaryOfNamesIsSearchedWithAReceivedStringWithoutAllocating()
    {
        var segments = new Dictionary<string, int>(WireStringComparer.Instance) { ["scope1/stream1/0.#epoch.0"] = 1, [Odd] = 2 };
        var lookup = segments.GetAlternateLookup<WireString>();
        var received = Received(Odd);
        Assert.True(lookup.TryGetValue(received, out var found) && found == 2, "found through the alternate lookup");
        lookup.TryGetValue(received, out _);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            lookup.TryGetValue(received, out _);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.False(lookup.TryGetValue(Received("scope1/stream1/1.#epoch.0"), out _), "another name is not found");
    }

    [Fact]
    public void AStringOver65535EncodedBytesCannotBeSent()
    {
        Assert.Throws<ArgumentException>(() => new WireString(new string('\u0800', 21846)));
        Assert.Equal(65535, new WireString(new string('a', 65535)).EncodedLength);
    }

    [Fact]
    public void NullIsSentAsTheEmptyString()
    {
        WireString value = (string?)null;
        Assert.True(value.IsEmpty, "null becomes \"\"");
        Assert.Equal(string.Empty, value.ToString());
        Assert.Equal(WireString.Empty, value);
    }
}
