using System.Text;
using Pravega.Perf.Interop.Crc;

namespace Pravega.Perf.Interop.Tests.Crc;

public sealed class Crc32CTests
{
    [Fact]
    public void CheckValueOfTheStandardTestStringMatchesRfc3720()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8));
        Assert.Equal(0xE3069283u, Crc32C.AppendSoftware(0, "123456789"u8));
    }

    [Fact]
    public void HardwareAndSoftwareAgreeOnRandomInputOfEveryLengthUpTo300()
    {
        var rng = new Random(42);
        var data = new byte[300];
        rng.NextBytes(data);
        for (var n = 0; n <= data.Length; n++)
        {
            Assert.True(Crc32C.Compute(data.AsSpan(0, n)) == Crc32C.AppendSoftware(0, data.AsSpan(0, n)), $"length {n}");
        }
    }

    [Fact]
    public void AppendingInPiecesEqualsComputingTheWhole()
    {
        var data = Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog, twice over.");
        var whole = Crc32C.Compute(data);
        for (var cut = 0; cut <= data.Length; cut++)
        {
            Assert.Equal(whole, Crc32C.Append(Crc32C.Compute(data.AsSpan(0, cut)), data.AsSpan(cut)));
        }
    }
}
