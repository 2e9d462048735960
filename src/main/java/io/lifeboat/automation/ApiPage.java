package io.lifeboat.automation;

import java.util.List;

/** One page of a list in the API: the items, where the page is (from 0), and how many there are in all. */
public record ApiPage<T>(List<T> items, int page, int size, long total) {
}
