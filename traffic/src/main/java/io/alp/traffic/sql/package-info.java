/** Requests from a SQL query over JDBC (PostgreSQL, H2, ...), columns named as in the flat schema. */
package io.alp.traffic.sql;
