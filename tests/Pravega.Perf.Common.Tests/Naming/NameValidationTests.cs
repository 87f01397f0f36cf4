using Pravega.Perf.Common.Naming;
using Pravega.Perf.Common.Tests.Hashing;

namespace Pravega.Perf.Common.Tests.Naming;

public sealed class NameValidationTests
{
    [Fact]
    public void ValidityMatchesPravegasJavaRegexesForEveryCandidateName()
    {
        var count = 0;
        foreach (var (name, userScope, userStream, internalStream) in GuavaVectors.Names)
        {
            var shown = $"'{name}' (length {name.Length})";
            Assert.True(userScope == NameValidation.IsValidUserScopeName(name), $"user scope {shown}");
            Assert.True(userStream == NameValidation.IsValidUserStreamName(name), $"user stream {shown}");
            Assert.True(internalStream == NameValidation.IsValidStreamName(name), $"internal stream {shown}");
            count++;
        }
        Assert.True(count >= 100, $"expected at least 100 name vectors, found {count}");
    }

    [Fact]
    public void ValidateReturnsAValidNameAndRejectsAnInvalidOneWithTheReason()
    {
        Assert.Equal("orders", NameValidation.ValidateUserStreamName("orders"));
        Assert.Equal("_system", NameValidation.ValidateScopeName("_system"));
        var bad = Assert.Throws<ArgumentException>(() => NameValidation.ValidateUserScopeName("_system"));
        Assert.Contains("a-z", bad.Message, StringComparison.Ordinal);
        var tooLong = Assert.Throws<ArgumentException>(() => NameValidation.ValidateUserStreamName(new string('s', 251)));
        Assert.Contains("250", tooLong.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => NameValidation.ValidateWriterId(null!));
        Assert.Throws<ArgumentException>(() => NameValidation.ValidateReaderGroupName("rg/1"));
        Assert.Throws<ArgumentException>(() => NameValidation.ValidateUserKeyValueTableName(string.Empty));
    }
}
