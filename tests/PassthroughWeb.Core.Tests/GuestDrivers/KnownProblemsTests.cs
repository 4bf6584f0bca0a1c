using PassthroughWeb.Core.GuestDrivers;

namespace PassthroughWeb.Core.Tests.GuestDrivers;

public sealed class KnownProblemsTests
{
    [Fact]
    public void All_HasEveryProblemOnceWithWordsInEveryField()
    {
        Assert.Equal(Enum.GetValues<KnownProblemId>().Order(), KnownProblems.All.Select(p => p.Id).Order());
        foreach (var problem in KnownProblems.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(problem.Title));
            Assert.False(string.IsNullOrWhiteSpace(problem.Symptom));
            Assert.False(string.IsNullOrWhiteSpace(problem.Cause));
            Assert.False(string.IsNullOrWhiteSpace(problem.Fix));
            Assert.True(Enum.IsDefined(problem.FixStep));
        }
    }

    [Theory]
    [InlineData(KnownProblemId.Code43, ChecklistStep.VirtualMachine, "<kvm><hidden state='on'/></kvm>")]
    [InlineData(KnownProblemId.ResetBug, ChecklistStep.Isolate, "vendor-reset")]
    [InlineData(KnownProblemId.NoPictureBootFramebuffer, ChecklistStep.Host, "initcall_blacklist=sysfb_init")]
    [InlineData(KnownProblemId.NoPictureRomNeeded, ChecklistStep.VirtualMachine, "<rom file=")]
    [InlineData(KnownProblemId.AudioCrackling, ChecklistStep.GuestDrivers, "MSISupported")]
    public void Get_Problem_NamesTheFixAndTheStepWhereItLives(KnownProblemId id, ChecklistStep step, string fixText)
    {
        var problem = KnownProblems.Get(id);

        Assert.Equal(step, problem.FixStep);
        Assert.Contains(fixText, problem.Fix, StringComparison.Ordinal);
    }
}
