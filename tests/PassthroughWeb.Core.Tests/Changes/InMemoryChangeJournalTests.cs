using PassthroughWeb.Core.Changes;

namespace PassthroughWeb.Core.Tests.Changes;

public sealed class InMemoryChangeJournalTests : ChangeJournalTests
{
    protected override IChangeJournal CreateJournal() => new InMemoryChangeJournal();

    // The in-memory journal lives as long as the process: "reopening" it is the same object.
    protected override IChangeJournal Reopen(IChangeJournal journal) => journal;
}
