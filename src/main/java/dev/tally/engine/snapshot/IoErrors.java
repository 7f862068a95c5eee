package dev.tally.engine.snapshot;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Says what went wrong with a file operation in words a user can act on ("permission denied: manifest.json",
 * "No space left on device"), naming only the file, never the directory it is in (messages reach API
 * responses). Stateless.
 */
public final class IoErrors {

    private IoErrors() {
    }

    /** The cause of {@code e} in a few words, with the file's name where there is one; never null. */
    public static String describe(IOException e) {
        String file = e instanceof FileSystemException f ? name(f.getFile()) : null;
        String what;
        if (e instanceof AccessDeniedException) {
            what = "permission denied";
        } else if (e instanceof NoSuchFileException) {
            what = "no such file";
        } else if (e instanceof FileAlreadyExistsException) {
            what = "already exists";
        } else if (e instanceof DirectoryNotEmptyException) {
            what = "directory not empty";
        } else if (e instanceof NotDirectoryException) {
            what = "not a directory";
        } else if (e instanceof FileSystemException f) {
            what = f.getReason() != null ? f.getReason() : "file system error";
        } else {
            what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return file == null ? what : what + ": " + file;
    }

    private static String name(String path) {
        if (path == null) {
            return null;
        }
        Path p = Path.of(path).getFileName();
        return p == null ? path : p.toString();
    }
}
