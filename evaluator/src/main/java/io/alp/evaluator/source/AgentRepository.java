package io.alp.evaluator.source;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.Status;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * The user's agent repository: where the baseline comes from, where every candidate becomes a commit on
 * {@code refs/alp/<session>/<node>}, and where a promoted candidate becomes a branch. ALP never touches its work
 * tree, never pushes, never deploys.
 */
public final class AgentRepository {

    private AgentRepository() {
    }

    /** The repository's git directory, e.g. {@code <repo>/.git}. */
    public static Path gitDir(Path repo) {
        if (!Files.isDirectory(repo)) {
            throw new IllegalArgumentException("the agent repository " + repo + " does not exist");
        }
        FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(repo.toFile());
        if (builder.getGitDir() == null) {
            throw new IllegalArgumentException(repo + " is not a git repository: run 'git init' there and commit "
                    + "the agent first");
        }
        Path gitDir = builder.getGitDir().toPath().toAbsolutePath().normalize();
        Path top = gitDir.getParent();
        if (!top.equals(repo.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException(repo + " is not the top of a git repository but a folder inside " + top
                    + ": give repo: " + top + " (editable paths and the command are relative to it), or run "
                    + "'git init' in " + repo + " to make it a repository of its own");
        }
        return gitDir;
    }

    /**
     * The commit {@code ref} names in a clean repository.
     *
     * @throws IllegalArgumentException when the repository is missing, has uncommitted changes (naming a few), or
     *                                  the ref does not name a commit
     */
    public static String baseline(Path repo, String ref) {
        try (Repository repository = new FileRepositoryBuilder().setGitDir(gitDir(repo).toFile()).build();
             Git git = new Git(repository)) {
            Status status = git.status().call();
            if (status.hasUncommittedChanges()) {
                Set<String> dirty = new TreeSet<>();
                dirty.addAll(status.getModified());
                dirty.addAll(status.getChanged());
                dirty.addAll(status.getAdded());
                dirty.addAll(status.getRemoved());
                dirty.addAll(status.getMissing());
                throw new IllegalArgumentException("the agent repository " + repo + " has uncommitted changes ("
                        + String.join(", ", dirty.stream().limit(5).toList()) + (dirty.size() > 5 ? ", ..." : "")
                        + "): commit or stash them, so that the baseline is exactly what is deployed");
            }
            ObjectId id = repository.resolve(ref + "^{commit}");
            if (id == null) {
                throw new IllegalArgumentException("'" + ref + "' names no commit in " + repo);
            }
            return id.name();
        } catch (IOException | GitAPIException e) {
            throw new UncheckedIOException("cannot read the agent repository " + repo + ": " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
    }

    /**
     * Creates branch {@code name} at {@code commit}.
     *
     * @throws IllegalArgumentException when the name is not a valid branch name or the branch exists
     */
    public static void createBranch(Path gitDir, String name, String commit) {
        String ref = "refs/heads/" + name;
        if (name == null || name.isBlank() || !Repository.isValidRefName(ref)) {
            throw new IllegalArgumentException("'" + name + "' is not a valid branch name");
        }
        try (Repository repository = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).build()) {
            if (repository.exactRef(ref) != null) {
                throw new IllegalArgumentException("branch " + name + " already exists in " + gitDir
                        + ": choose another name (ALP never moves an existing branch)");
            }
            RefUpdate update = repository.updateRef(ref);
            update.setNewObjectId(ObjectId.fromString(commit));
            update.setExpectedOldObjectId(ObjectId.zeroId());
            RefUpdate.Result result = update.update();
            if (result != RefUpdate.Result.NEW) {
                throw new IllegalStateException("could not create branch " + name + ": " + result);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + gitDir + ": " + e.getMessage(), e);
        }
    }
}
