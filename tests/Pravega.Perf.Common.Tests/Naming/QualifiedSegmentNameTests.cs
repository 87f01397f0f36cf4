using CsCheck;
using Pravega.Perf.Common.Naming;

namespace Pravega.Perf.Common.Tests.Naming;

public sealed class QualifiedSegmentNameTests
{
    [Fact]
    public void AQualifiedNameParsesIntoScopeStreamNumberAndEpoch()
    {
        var q = QualifiedSegmentName.Parse("examples/orders/12.#epoch.3");
        Assert.Equal(new QualifiedSegmentName("examples", "orders", 12, 3), q);
        Assert.Equal((3L << 32) | 12, q.SegmentId);
        Assert.Equal("examples/orders", q.ScopedStreamName);
        Assert.Equal("examples/orders/12.#epoch.3", q.ToString());
    }

    [Fact]
    public void TransactionAndTransientSegmentsParseAsTheirParent()
    {
        var parent = "sc/st/4.#epoch.2";
        var txn = NameUtils.GetTransactionSegmentName(parent, new Uuid(9, 9));
        var transient = NameUtils.GetTransientSegmentName(parent, new Uuid(1, 1), new Uuid(2, 2));
        Assert.Equal(new QualifiedSegmentName("sc", "st", 4, 2), QualifiedSegmentName.Parse(txn));
        Assert.Equal(new QualifiedSegmentName("sc", "st", 4, 2), QualifiedSegmentName.Parse(transient));
    }

    [Fact]
    public void AMissingEpochMeansEpochZeroAndAMissingScopeIsEmpty()
    {
        Assert.Equal(new QualifiedSegmentName("sc", "st", 4, 0), QualifiedSegmentName.Parse("sc/st/4"));
        Assert.Equal(new QualifiedSegmentName(string.Empty, "st", 4, 1), QualifiedSegmentName.Parse("st/4.#epoch.1"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("4")]
    [InlineData("sc/st/")]
    [InlineData("sc/st/x.#epoch.0")]
    [InlineData("sc/st/1.#epoch.")]
    [InlineData("sc/st/-1.#epoch.0")]
    [InlineData("sc/st/1.#epoch.-2")]
    [InlineData("sc/st/99999999999.#epoch.0")]
    [InlineData("a/b/c/1.#epoch.0")]
    [InlineData("/st/1.#epoch.0")]
    [InlineData("sc//1.#epoch.0")]
    [InlineData("sc/st/1.#epoch.0#index")]
    public void MalformedNamesDoNotParse(string name)
    {
        Assert.False(QualifiedSegmentName.TryParse(name, out _), $"'{name}' parsed");
        Assert.Throws<FormatException>(() => QualifiedSegmentName.Parse(name));
    }

    [Fact]
    public void FormattingThenParsingGivesBackTheSameParts()
    {
        var part = Gen.String[Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789.-"], 1, 20];
        Gen.Select(part, part, Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue])
            .Sample((scope, stream, number, epoch) =>
            {
                var q = new QualifiedSegmentName(scope, stream, number, epoch);
                return QualifiedSegmentName.Parse(q.ToString()) == q
                    && QualifiedSegmentName.FromSegmentId(scope, stream, q.SegmentId) == q;
            }, iter: 2000, seed: "0N0XIzNsQ0O2");
    }
}
